using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// A monitor went up or down. Written with the result that caused it, in one transaction, so a redelivery of that
/// result finds the transition here and publishes it again, with the same id, instead of losing it.
/// </summary>
public sealed class StatusTransition
{
    public Guid Id { get; set; }
    public Guid MonitorId { get; set; }
    public Guid CheckId { get; set; }
    public MonitorState PreviousState { get; set; }
    public MonitorState State { get; set; }
    public DateTime ChangedAt { get; set; }
    public string? Error { get; set; }
    public int? StatusCode { get; set; }
    public double LatencyMs { get; set; }

    /// <summary>Caused by a result marked <see cref="CheckResult.Maintenance"/>: recorded, and announced to no one.</summary>
    public bool Maintenance { get; set; }
}
