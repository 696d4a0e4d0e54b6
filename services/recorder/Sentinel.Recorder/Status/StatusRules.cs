using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>How a result moves a monitor's state: thresholds, and no double application of old or repeated results.</summary>
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
    /// (by due time, then check id), and returns the state it moved from when it caused a transition.
    /// </summary>
    public static Applied Apply(MonitorStatus status, CheckCompleted result)
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
        if (next == status.State)
        {
            return Applied.NoChange;
        }

        var previous = status.State;
        status.State = next;
        return new Applied(true, previous);
    }

    private static bool IsNewer(CheckCompleted result, MonitorStatus status) =>
        result.ScheduledAt > status.LastScheduledAt
        || (result.ScheduledAt == status.LastScheduledAt && result.CheckId.CompareTo(status.LastCheckId) > 0);

    /// <param name="Counted">The result was newer than the last applied one and moved the counters.</param>
    /// <param name="Previous">The state before, when the result caused a transition.</param>
    public readonly record struct Applied(bool Counted, MonitorState? Previous)
    {
        public static Applied Ignored => new(false, null);
        public static Applied NoChange => new(true, null);
        public bool Changed => Previous is not null;
    }
}
