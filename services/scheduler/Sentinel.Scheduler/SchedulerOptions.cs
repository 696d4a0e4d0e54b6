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
}
