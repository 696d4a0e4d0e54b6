using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>
/// How a result moves a monitor's state: thresholds, no double application of old or repeated results, and what is
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

    /// <summary>
    /// Applies <paramref name="result"/> to <paramref name="status"/> if it is newer than the last result applied
    /// (by due time, then check id), and returns the transition it caused, if any: for a result marked
    /// <paramref name="inMaintenance"/>, the move of <see cref="MonitorStatus.State"/>; for an unmarked one, from the state
    /// last announced to the state now, when they differ.
    /// </summary>
    public static Applied Apply(MonitorStatus status, CheckCompleted result, bool inMaintenance = false)
    {
        if (!IsNewer(result, status))
        {
            return Applied.Ignored;
        }

        status.LastScheduledAt = result.ScheduledAt;
        status.LastCheckId = result.CheckId;
        status.LastCheckedAt = result.CheckedAt;
        if (result.Status == CheckStatus.Up)
        {
            status.ConsecutiveSuccesses++;
            status.ConsecutiveFailures = 0;
        }
        else
        {
            status.ConsecutiveFailures++;
            status.ConsecutiveSuccesses = 0;
        }

        var next = status.State switch
        {
            // The first result decides: a new monitor is not left pending while its thresholds fill up.
            MonitorState.Pending => result.Status == CheckStatus.Up ? MonitorState.Up : MonitorState.Down,
            MonitorState.Up when status.ConsecutiveFailures >= Math.Max(1, result.FailureThreshold) => MonitorState.Down,
            MonitorState.Down when status.ConsecutiveSuccesses >= Math.Max(1, result.SuccessThreshold) => MonitorState.Up,
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

    private static bool IsNewer(CheckCompleted result, MonitorStatus status) =>
        result.ScheduledAt > status.LastScheduledAt
        || (result.ScheduledAt == status.LastScheduledAt && result.CheckId.CompareTo(status.LastCheckId) > 0);

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
