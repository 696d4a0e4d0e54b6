namespace Sentinel.Data;

/// <summary>
/// One monitor's results in one UTC hour, summed. Written by the recorder in the transaction that stores the
/// results, from the results actually inserted, so a redelivered result is counted once. Uptime over long windows
/// reads these (2,160 rows for 90 days) instead of the results (780,000 for a 10-second monitor).
/// </summary>
public sealed class CheckRollup
{
    public Guid MonitorId { get; set; }

    /// <summary>The start of the UTC hour.</summary>
    public DateTime BucketStart { get; set; }

    /// <summary>The region whose results these are; a monitor's uptime overall sums its regions.</summary>
    public string Region { get; set; } = Sentinel.ServiceDefaults.RegionNames.Default;

    public int Checks { get; set; }
    public int UpChecks { get; set; }
    public double LatencySumMs { get; set; }

    /// <summary>
    /// The smallest and largest latency of the hour's results, which bound any percentile read from the histogram.
    /// Null on rows written before these columns existed, whose extremes are unknown.
    /// </summary>
    public double? LatencyMinMs { get; set; }

    public double? LatencyMaxMs { get; set; }

    /// <summary>Result counts per <see cref="LatencyHistogram"/> bucket; always <see cref="LatencyHistogram.BucketCount"/> long.</summary>
    public int[] LatencyHistogram { get; set; } = new int[Data.LatencyHistogram.BucketCount];

    /// <summary>The <see cref="BucketStart"/> of the rollup a UTC time counts in: the start of its hour.</summary>
    public static DateTime HourOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
}

/// <summary>
/// Fixed, log-spaced latency buckets, four per doubling, from 1/16 ms to 2^17 ms (131 s). Bucket 0 holds
/// latencies below 1/16 ms, bucket k (1 to 84) holds [2^((k-1)/4 - 4), 2^(k/4 - 4)) ms, bucket 85 holds 131 s and
/// more. A percentile read from it is the geometric middle of its bucket, so it is within 9.1 % of the exact value
/// (bucket width 2^(1/4), half of it either side: 2^(1/8) - 1), except below 1/16 ms and above 131 s where it
/// says only "below" or "at least". Moved within the smallest and largest latency counted, it only comes closer:
/// the exact value lies in the same bucket and within those bounds too.
/// </summary>
public static class LatencyHistogram
{
    public const int PerDoubling = 4;
    public const double LowestMs = 1.0 / 16;
    public const double HighestMs = 131_072;
    public const int BucketCount = 86;

    /// <summary>The largest error of a percentile in (LowestMs, HighestMs), relative to the exact value: 2^(1/8) - 1.</summary>
    public static readonly double Precision = Math.Pow(2, 1.0 / (2 * PerDoubling)) - 1;

    public static int BucketOf(double latencyMs)
    {
        if (!(latencyMs >= LowestMs))
        {
            return 0;
        }

        if (latencyMs >= HighestMs)
        {
            return BucketCount - 1;
        }

        var k = (int)Math.Floor(PerDoubling * Math.Log2(latencyMs / LowestMs)) + 1;
        return Math.Clamp(k, 1, BucketCount - 2);
    }

    /// <summary>
    /// The nearest-rank percentile (<paramref name="fraction"/> of 1) of the counted latencies, as the geometric middle
    /// of the bucket it falls in, kept within the smallest and largest latency counted where they are known
    /// (<paramref name="minMs"/>, <paramref name="maxMs"/>); null when nothing is counted. A bucket's middle may lie
    /// beyond every value in it: without the bounds, one result of 71.55 ms would read 69.79 ms.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double fraction, double? minMs = null, double? maxMs = null)
    {
        if (BucketEstimate(counts, fraction) is not { } estimate)
        {
            return null;
        }

        // Each bound on its own: either may be unknown, on rollups written before they were kept.
        if (minMs is { } min && estimate < min)
        {
            estimate = min;
        }

        if (maxMs is { } max && estimate > max)
        {
            estimate = max;
        }

        return estimate;
    }

    private static double? BucketEstimate(IReadOnlyList<long> counts, double fraction)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        long seen = 0;
        for (var k = 0; k < counts.Count; k++)
        {
            seen += counts[k];
            if (seen >= rank)
            {
                return k switch
                {
                    0 => LowestMs,
                    BucketCount - 1 => HighestMs,
                    _ => LowestMs * Math.Pow(2, (k - 0.5) / PerDoubling),
                };
            }
        }

        return HighestMs;
    }
}
