namespace Sentinel.Contracts;

/// <summary>The outcome of one check.</summary>
public enum CheckStatus
{
    /// <summary>The target answered as expected.</summary>
    Up = 1,

    /// <summary>The target failed, answered unexpectedly or did not answer in time.</summary>
    Down = 2,
}
