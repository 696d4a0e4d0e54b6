using System.ComponentModel.DataAnnotations;

namespace Sentinel.Checker;

/// <summary>Bound from the <c>Checker</c> section.</summary>
public sealed class CheckerOptions
{
    public const string Section = "Checker";

    /// <summary>
    /// Checks one replica runs at once. Checks mostly wait on the network, so this is far above the core count:
    /// 500 slow endpoints at a 10 s timeout still leave the queue moving.
    /// </summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 500;
}
