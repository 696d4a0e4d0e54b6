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
}
