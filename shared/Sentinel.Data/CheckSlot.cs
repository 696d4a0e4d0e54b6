using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// One due time of a monitor checked from several regions, while the recorder gathers the regions' results: decided
/// (<see cref="DecidedAt"/>) once every region has answered, or at <see cref="DecideBy"/> with those that have, the
/// others unknown. Deciding sets <see cref="DecidedAt"/> under the row's lock, so a due time is decided exactly once
/// whatever the recorder replicas and redeliveries. Written by the recorder.
/// </summary>
public sealed class CheckSlot
{
    public Guid MonitorId { get; set; }

    /// <summary>The due time.</summary>
    public DateTime ScheduledAt { get; set; }

    /// <summary>Regions checking the monitor at this due time.</summary>
    public int RegionCount { get; set; }

    /// <summary>Regions that must fail for the due time to count as down.</summary>
    public int Quorum { get; set; }

    public int? DegradedAboveMs { get; set; }
    public int FailureThreshold { get; set; }
    public int SuccessThreshold { get; set; }

    /// <summary>When the regions that have not answered stop being waited for: the due time, the check's longest duration and a margin.</summary>
    public DateTime DecideBy { get; set; }

    /// <summary>A maintenance window covered the monitor at the due time.</summary>
    public bool Maintenance { get; set; }

    /// <summary>The latest time a region's probe started; the transition's time.</summary>
    public DateTime LastCheckedAt { get; set; }

    /// <summary>The results in so far, one per region.</summary>
    public List<RegionResult> Results { get; set; } = [];

    /// <summary>When the verdict was taken; null while regions are awaited.</summary>
    public DateTime? DecidedAt { get; set; }
}
