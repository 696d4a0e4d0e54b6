using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>
/// How a due time's verdict moves a monitor's state: thresholds, no double application of old or repeated results, and what is
/// announced around maintenance windows.
/// </summary>
/// <remarks>
/// A result taken while a maintenance window covered the monitor (marked) moves <see cref="MonitorStatus.State"/> as any
/// other, but its transition is recorded as made in maintenance and announced to no one. What was last announced is
/// <see cref="MonitorStatus.AnnouncedState"/>, and an unmarked result announces the difference between the two, once:
/// so a monitor still down after the window alerts then, and one that went down and came back inside it alerts nothing.
/// Outside maintenance the two never differ, and this is the plain threshold rule.
/// </remarks>
public static class StatusRules
{
    /// <summary>A status row for a monitor with no result applied yet.</summary>
    public static MonitorStatus Initial(Guid monitorId) => new()
    {
        MonitorId = monitorId,
        State = MonitorState.Pending,
        LastScheduledAt = DateTime.MinValue,
        LastCheckedAt = DateTime.MinValue,
    };

    /// <summary>Applies one result of a monitor checked from one region (<see cref="DueTimeVerdict.Of"/>).</summary>
    public static Applied Apply(MonitorStatus status, CheckCompleted result, bool inMaintenance = false) =>
        Apply(status, DueTimeVerdict.Of(result), inMaintenance);

    /// <summary>
    /// Applies <paramref name="verdict"/> to <paramref name="status"/> if it is newer than the last one applied
    /// (by due time, then check id), and returns the transition it caused, if any: for a verdict marked
    /// <paramref name="inMaintenance"/>, the move of <see cref="MonitorStatus.State"/>; for an unmarked one, from the state
    /// last announced to the state now, when they differ.
    /// </summary>
    /// <remarks>
    /// The monitor takes a worse state after <see cref="DueTimeVerdict.FailureThreshold"/> due times in a row at least
    /// that bad, and a better one after <see cref="DueTimeVerdict.SuccessThreshold"/> due times in a row at least that
    /// good: up → degraded after that many degraded-or-down due times, down → degraded after that many up-or-degraded
    /// ones. With only up and down outcomes (one region, no latency limit) this is the plain threshold rule.
    /// </remarks>
    public static Applied Apply(MonitorStatus status, DueTimeVerdict verdict, bool inMaintenance = false)
    {
        if (!IsNewer(verdict, status))
        {
            return Applied.Ignored;
        }

        status.LastScheduledAt = verdict.ScheduledAt;
        status.LastCheckId = verdict.CheckId;
        status.LastCheckedAt = verdict.CheckedAt;
        Count(status, verdict.Outcome);

        var failureThreshold = Math.Max(1, verdict.FailureThreshold);
        var successThreshold = Math.Max(1, verdict.SuccessThreshold);
        var next = status.State switch
        {
            // The first verdict decides: a new monitor is not left pending while its thresholds fill up.
            MonitorState.Pending => verdict.Outcome,
            not MonitorState.Down when status.ConsecutiveFailures >= failureThreshold => MonitorState.Down,
            MonitorState.Up when status.ConsecutiveImpaired >= failureThreshold => MonitorState.Degraded,
            not MonitorState.Up when status.ConsecutiveSuccesses >= successThreshold => MonitorState.Up,
            MonitorState.Down when status.ConsecutiveNotDown >= successThreshold => MonitorState.Degraded,
            var unchanged => unchanged,
        };
        var moved = status.State;
        status.State = next;
        if (inMaintenance)
        {
            return next == moved ? Applied.NoChange : new Applied(true, moved, Maintenance: true);
        }

        if (next == status.AnnouncedState)
        {
            return Applied.NoChange;
        }

        var announced = status.AnnouncedState;
        status.AnnouncedState = next;
        return new Applied(true, announced);
    }

    /// <summary>The four streaks: each due time extends those it belongs to and ends the others.</summary>
    private static void Count(MonitorStatus status, MonitorState outcome)
    {
        status.ConsecutiveFailures = outcome == MonitorState.Down ? status.ConsecutiveFailures + 1 : 0;
        status.ConsecutiveSuccesses = outcome == MonitorState.Up ? status.ConsecutiveSuccesses + 1 : 0;
        status.ConsecutiveImpaired = outcome != MonitorState.Up ? status.ConsecutiveImpaired + 1 : 0;
        status.ConsecutiveNotDown = outcome != MonitorState.Down ? status.ConsecutiveNotDown + 1 : 0;
    }

    private static bool IsNewer(DueTimeVerdict verdict, MonitorStatus status) =>
        verdict.ScheduledAt > status.LastScheduledAt
        || (verdict.ScheduledAt == status.LastScheduledAt && verdict.CheckId.CompareTo(status.LastCheckId) > 0);

    /// <param name="Counted">The result was newer than the last applied one and moved the counters.</param>
    /// <param name="Previous">The state before, when the result caused a transition.</param>
    /// <param name="Maintenance">The transition was made in maintenance: recorded, announced to no one.</param>
    public readonly record struct Applied(bool Counted, MonitorState? Previous, bool Maintenance = false)
    {
        public static Applied Ignored => new(false, null);
        public static Applied NoChange => new(true, null);
        public bool Changed => Previous is not null;
    }
}
