using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>The recorder's view of a monitor: its state and the counters that decide transitions.</summary>
public sealed class MonitorStatus
{
    public Guid MonitorId { get; set; }
    public MonitorState State { get; set; }
    /// <summary>
    /// The state of the last transition announced (not made during maintenance): when a window ends with
    /// <see cref="State"/> different from it, the next result announces the difference, once.
    /// </summary>
    public MonitorState AnnouncedState { get; set; }

    /// <summary>Due times in a row that were down.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Due times in a row that were up.</summary>
    public int ConsecutiveSuccesses { get; set; }

    /// <summary>Due times in a row that were degraded or down (<c>StatusRules</c>); equals <see cref="ConsecutiveFailures"/> when nothing is degraded.</summary>
    public int ConsecutiveImpaired { get; set; }

    /// <summary>Due times in a row that were up or degraded; equals <see cref="ConsecutiveSuccesses"/> when nothing is degraded.</summary>
    public int ConsecutiveNotDown { get; set; }

    /// <summary>The newest result applied, by due time then check id; older or repeated results are not applied again.</summary>
    public DateTime LastScheduledAt { get; set; }
    public Guid LastCheckId { get; set; }
    public DateTime LastCheckedAt { get; set; }
}
