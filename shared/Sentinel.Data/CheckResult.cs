using Sentinel.Contracts;
using Sentinel.ServiceDefaults;

namespace Sentinel.Data;

/// <summary>One recorded check. Keyed by the check id, so a redelivered result is stored once.</summary>
public sealed class CheckResult
{
    public Guid CheckId { get; set; }
    public Guid MonitorId { get; set; }

    /// <summary>The region whose checker ran it.</summary>
    public string Region { get; set; } = RegionNames.Default;
    public DateTime ScheduledAt { get; set; }
    /// <summary>When the scheduler sent the check; null for results recorded before this was kept.</summary>
    public DateTime? DispatchedAt { get; set; }

    public DateTime CheckedAt { get; set; }

    /// <summary>
    /// When the recorder stored it (its transaction's start), set by the database; null for results recorded before
    /// this was kept.
    /// </summary>
    public DateTime? RecordedAt { get; set; }
    public CheckStatus Status { get; set; }
    public double LatencyMs { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }

    /// <summary>
    /// The check was due while a maintenance window covered the monitor: shown as such, counted in no uptime figure
    /// or rollup, and its transitions alert no one.
    /// </summary>
    public bool Maintenance { get; set; }

    /// <summary>Every reason the check failed, failed conditions with the values they saw; empty when up.</summary>
    public List<string> Errors { get; set; } = [];
}
