namespace Sentinel.Data;

/// <summary>
/// A time when monitors were due but no result was recorded (the scheduler, the broker, the checkers or the
/// recorder stalled), as the alerter saw it. At most one is open at a time (a unique index), so several alerter
/// replicas that see the same outage record it, and notify it, once. Written by the alerter.
/// </summary>
public sealed class CheckingOutage
{
    /// <summary>Also the transition id of its deliveries, both the "not checking" and the "checking again" notice.</summary>
    public Guid Id { get; set; }

    /// <summary>Since when nothing has been recorded: the newest result then, or when the overdue monitors were set up if none ever was.</summary>
    public DateTime QuietSince { get; set; }

    /// <summary>When the alerter saw it.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Monitors overdue when it was seen.</summary>
    public int OverdueMonitors { get; set; }

    /// <summary>When results were being recorded again (or no monitor was overdue any more); null while it lasts.</summary>
    public DateTime? EndedAt { get; set; }
}
