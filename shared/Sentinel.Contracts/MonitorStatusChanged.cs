namespace Sentinel.Contracts;

/// <summary>A monitor went up, down or degraded.</summary>
public sealed record MonitorStatusChanged
{
    /// <summary>Identifies this transition; a redelivery carries the same id, so alerts can be sent once.</summary>
    public required Guid TransitionId { get; init; }

    /// <summary>The monitor that changed.</summary>
    public required Guid MonitorId { get; init; }

    /// <summary>The state before.</summary>
    public required MonitorState PreviousState { get; init; }

    /// <summary>The state now.</summary>
    public required MonitorState State { get; init; }

    /// <summary>The check that caused the transition.</summary>
    public required Guid CheckId { get; init; }

    /// <summary>When that check ran (UTC).</summary>
    public required DateTime ChangedAt { get; init; }

    /// <summary>Why the causing check failed; null on recovery.</summary>
    public string? Error { get; init; }

    /// <summary>HTTP status code of the causing check, if any.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Latency of the causing check, in milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>
    /// The causing check was due while a maintenance window covered the monitor: the transition is recorded and shown,
    /// and announced to no one. If the monitor is still changed when the window ends, a later transition (not in
    /// maintenance) announces it. False from recorders older than maintenance windows.
    /// </summary>
    public bool InMaintenance { get; init; }

    /// <summary>
    /// For a monitor checked from several regions, what each region saw at the due time that caused the transition
    /// (a region that had not answered by the deadline has a null <see cref="RegionResult.Status"/>); empty for a
    /// monitor checked from one region.
    /// </summary>
    public IReadOnlyList<RegionResult> Regions { get; init; } = [];
}
