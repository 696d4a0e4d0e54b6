using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// A monitor went up, down or degraded. Written with the result that caused it, in one transaction, so a redelivery of that
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

    /// <summary>What each region saw at the due time that caused it, for a monitor checked from several; empty otherwise.</summary>
    public List<RegionResult> Regions { get; set; } = [];
}
