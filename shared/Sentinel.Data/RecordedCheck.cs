using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// A <see cref="CheckResult"/> as readers want it, from the <c>check_history</c> view: named by monitor id and region
/// name, its status, maintenance mark and status code unpacked, when it was checked as a time. The view joins the
/// results to <c>monitors</c> and <c>regions</c> by their numbers, so a filter on <see cref="MonitorId"/> reads one
/// monitor's rows through the results' key.
/// </summary>
public sealed class RecordedCheck
{
    public Guid MonitorId { get; set; }

    /// <summary>The region whose checker ran it.</summary>
    public string Region { get; set; } = "";

    public DateTime ScheduledAt { get; set; }

    /// <summary>When the probe started (UTC), to the millisecond.</summary>
    public DateTime CheckedAt { get; set; }

    public CheckStatus Status { get; set; }

    /// <summary>The check was due while a maintenance window covered the monitor (<see cref="StoredOutcome"/>).</summary>
    public bool Maintenance { get; set; }

    public int? StatusCode { get; set; }
    public double LatencyMs { get; set; }

    /// <summary>Every reason the check failed; empty when up.</summary>
    public string[] Errors { get; set; } = [];

    /// <summary>The id of the check this result answers: computed from its slot, as the scheduler computed it.</summary>
    public Guid CheckId => SlotCheckId.For(MonitorId, ScheduledAt, Region);

    /// <summary>Why it failed, on one line; null when up.</summary>
    public string? Error => StoredOutcome.ErrorOf(Errors);
}

/// <summary>The <c>check_history</c> view behind <see cref="RecordedCheck"/>; the migration CompactHistory creates it.</summary>
public static class RecordedCheckView
{
    public const string Name = "check_history";
}
