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
}
