using System.Globalization;
using System.Text.RegularExpressions;
using Sentinel.ServiceDefaults;

namespace Sentinel.Bench;

/// <summary>
/// A Prometheus histogram of delays in seconds, as a service's <c>/metrics</c> exports it in the text format: the
/// cumulative count at or under each bucket's upper bound (<c>le</c>), the last bound +Inf. Two scrapes, one taken
/// at a window's start and one at its end, give the window's observations (<see cref="Minus"/>); percentiles are
/// read from those by linear interpolation within a bucket, as Prometheus's <c>histogram_quantile</c> reads them.
/// </summary>
public sealed partial record DelayHistogram
{
    /// <summary>The buckets' upper bounds in seconds, ascending, the last +Inf.</summary>
    public required IReadOnlyList<double> Bounds { get; init; }

    /// <summary>Observations at or under each of <see cref="Bounds"/>: cumulative, so the last is every one.</summary>
    public required IReadOnlyList<long> Cumulative { get; init; }

    public long Count => Cumulative[^1];

    /// <summary>None observed, in <see cref="DelayBuckets.Seconds"/>: what a service exports before it times anything.</summary>
    public static DelayHistogram Empty { get; } = new()
    {
        Bounds = [.. DelayBuckets.Seconds, double.PositiveInfinity],
        Cumulative = new long[DelayBuckets.Seconds.Length + 1],
    };

    /// <summary>
    /// Reads histogram <paramref name="name"/> from a <c>/metrics</c> page, summed over its label sets; <see
    /// cref="Empty"/> when the page has none yet. Throws when its buckets are not <see cref="DelayBuckets.Seconds"/>:
    /// the bench's "under 1 s" and "under 2 s" are exact only at those bounds.
    /// </summary>
    public static DelayHistogram Parse(string metrics, string name)
    {
        var counts = new SortedDictionary<double, long>();
        foreach (Match bucket in BucketLine().Matches(metrics))
        {
            if (bucket.Groups["name"].Value != name)
            {
                continue;
            }

            var le = bucket.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(bucket.Groups["le"].Value, CultureInfo.InvariantCulture);
            counts[le] = counts.GetValueOrDefault(le) + (long)double.Parse(bucket.Groups["count"].Value, CultureInfo.InvariantCulture);
        }

        if (counts.Count == 0)
        {
            return Empty;
        }

        var histogram = new DelayHistogram { Bounds = [.. counts.Keys], Cumulative = [.. counts.Values] };
        return histogram.Bounds.SequenceEqual(Empty.Bounds)
            ? histogram
            : throw new FormatException($"{name} has buckets {string.Join(", ", histogram.Bounds)}, not DelayBuckets.Seconds ({string.Join(", ", Empty.Bounds)}): is the service of this commit?");
    }

    /// <summary>What was observed since <paramref name="earlier"/>, a scrape of the same process.</summary>
    public DelayHistogram Minus(DelayHistogram earlier) =>
        earlier.Bounds.SequenceEqual(Bounds)
            ? this with { Cumulative = [.. Cumulative.Select((c, i) => c - earlier.Cumulative[i])] }
            : throw new ArgumentException("The two histograms have different buckets.", nameof(earlier));

    /// <summary>
    /// The <paramref name="q"/> quantile (0 to 1) in seconds: the bucket holding the q·count-th observation, and
    /// within it the point as far from its lower bound as that observation is from the bucket's first, as if the
    /// bucket's observations were spread evenly; 0 when there are none. In the +Inf bucket it is the last finite
    /// bound (nothing says how far beyond). Exact at a bound: the result is under a bound b exactly when more than
    /// q·count observations were at or under b, so "p99 under 1 s" means more than 99 % took 1 s or less.
    /// </summary>
    public double Quantile(double q)
    {
        if (q is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile is from 0 to 1.");
        }

        if (Count == 0)
        {
            return 0;
        }

        var rank = q * Count;
        var i = 0;
        while (Cumulative[i] < rank)
        {
            i++;
        }

        if (double.IsPositiveInfinity(Bounds[i]))
        {
            return Bounds[^2];
        }

        var (lower, below) = i == 0 ? (0.0, 0L) : (Bounds[i - 1], Cumulative[i - 1]);
        var inBucket = Cumulative[i] - below;
        return inBucket == 0 ? lower : lower + (Bounds[i] - lower) * (rank - below) / inBucket;
    }

    /// <summary>
    /// The most any observation can have been, in seconds: the upper bound of the highest bucket holding one (a
    /// histogram keeps no maximum), +Inf when one was beyond the last finite bound; 0 when there are none.
    /// </summary>
    public double MaxAtMost()
    {
        for (var i = 0; i < Bounds.Count; i++)
        {
            if (Cumulative[i] == Count)
            {
                return Count == 0 ? 0 : Bounds[i];
            }
        }

        return double.PositiveInfinity;
    }

    // name_bucket{…le="0.5"…} 12 — prometheus-net writes le last, but any order of labels is read.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\{(?:[^}]*,)?le=""(?<le>[^""]+)""[^}]*\}\s+(?<count>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}
