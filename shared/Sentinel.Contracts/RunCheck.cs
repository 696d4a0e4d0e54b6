using System.Text.Json;

namespace Sentinel.Contracts;

/// <summary>Probe a target once. Carries everything the checker needs: it has no database.</summary>
public sealed record RunCheck
{
    /// <summary>Unique per dispatch; the key of the result row, so a redelivered check is recorded once.</summary>
    public required Guid CheckId { get; init; }

    /// <summary>The monitor this check belongs to.</summary>
    public required Guid MonitorId { get; init; }

    /// <summary>
    /// What to check and how: the monitor's check spec exactly as stored, with its <c>kind</c> (<c>http</c>,
    /// <c>tcp</c>, …), target URL, timeout, retries, conditions and the kind's own options. Read with
    /// <c>Sentinel.Checks.CheckSpecJson</c>; kept as JSON here so that the contracts depend on nothing and the
    /// scheduler forwards it without knowing the kinds.
    /// </summary>
    public required JsonElement Check { get; init; }

    /// <summary>Consecutive failures that turn the monitor down.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>Consecutive successes that turn the monitor up.</summary>
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>When the check was due (UTC); orders results and measures schedule lag.</summary>
    public required DateTime ScheduledAt { get; init; }

    /// <summary>
    /// The region whose checkers run this check (one check per region of the monitor for each due time); null from a
    /// scheduler older than regions, meaning the default region.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>How many regions check the monitor at this due time; the recorder waits for that many results.</summary>
    public int RegionCount { get; init; } = 1;

    /// <summary>Regions that must fail for the monitor to be down.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>A success slower than this, in milliseconds, makes the monitor degraded; null for never.</summary>
    public int? DegradedAboveMs { get; init; }
}
