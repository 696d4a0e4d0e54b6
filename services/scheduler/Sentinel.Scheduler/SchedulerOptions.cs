using System.ComponentModel.DataAnnotations;

namespace Sentinel.Scheduler;

/// <summary>Bound from the <c>Scheduler</c> section.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How often due monitors are claimed, in milliseconds. Bounds how late a check starts when idle.</summary>
    [Range(10, 60_000)]
    public int PollIntervalMilliseconds { get; set; } = 200;

    /// <summary>Most monitors claimed in one transaction; a full batch is followed at once by another.</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Most checks sent in one message. The broker's cost is per message, so more is cheaper; fewer spreads a
    /// claim over more checker replicas.
    /// </summary>
    [Range(1, 1000)]
    public int ChecksPerMessage { get; set; } = 20;

    /// <summary>
    /// How long the broker has to confirm a claim's checks, in seconds. A send that takes longer (the broker is away
    /// or blocking publishers) is given up and its claim rolled back, so those monitors stay due and are claimed
    /// again; meanwhile their rows stay locked.
    /// </summary>
    [Range(1, 300)]
    public int SendTimeoutSeconds { get; set; } = 5;
}
