using System.ComponentModel.DataAnnotations;

namespace Sentinel.Recorder;

/// <summary>Bound from the <c>Recorder</c> section.</summary>
public sealed class RecorderOptions
{
    public const string Section = "Recorder";

    /// <summary>Most messages (each with the results a checker gathered) written in one transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a partial batch waits for more results, in milliseconds; bounds the delay a result adds.</summary>
    [Range(1, 10_000)]
    public int BatchWaitMilliseconds { get; set; } = 100;

    /// <summary>Batches written at once by one replica.</summary>
    [Range(1, 64)]
    public int ConcurrentBatches { get; set; } = 2;

    /// <summary>
    /// Waited for a region's result past the check's longest duration (every attempt timing out) before a due time
    /// checked from several regions is decided without it, in seconds: room for queueing and the result's way back.
    /// </summary>
    [Range(0, 3600)]
    public int SlotMarginSeconds { get; set; } = 10;

    /// <summary>How often each replica looks for due times past that deadline, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int SlotSweepMilliseconds { get; set; } = 1000;
}
