namespace Sentinel.Contracts;

/// <summary>What Sentinel currently believes about a monitor.</summary>
public enum MonitorState
{
    /// <summary>No result has been recorded yet.</summary>
    Pending = 0,

    /// <summary>The last transition was to healthy.</summary>
    Up = 1,

    /// <summary>The last transition was to failing.</summary>
    Down = 2,

    /// <summary>
    /// The last transition was to working but impaired: some of the monitor's regions failed, fewer than its quorum, or
    /// every region succeeded slower than the monitor's <c>degradedAboveMs</c>.
    /// </summary>
    Degraded = 3,
}
