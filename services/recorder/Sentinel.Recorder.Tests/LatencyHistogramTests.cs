using Sentinel.Data;

namespace Sentinel.Recorder.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void A_p95_from_the_histogram_is_within_the_stated_precision_of_the_exact_one()
    {
        var random = new Random(7);
        for (var sample = 0; sample < 200; sample++)
        {
            var latencies = Enumerable.Range(0, random.Next(1, 2000)).Select(_ => 0.07 * Math.Pow(100_000 / 0.07, random.NextDouble())).ToList();
            var counts = new long[LatencyHistogram.BucketCount];
            foreach (var latency in latencies)
            {
                counts[LatencyHistogram.BucketOf(latency)]++;
            }

            CheckRollupTests.AssertWithinPrecision(CheckRollupTests.ExactP95(latencies), LatencyHistogram.Percentile(counts, 0.95));
        }
    }

    [Theory]
    [InlineData(71.55)]
    [InlineData(0.01)]
    [InlineData(200_000)]
    public void A_single_latency_reads_as_itself_at_every_percentile(double latencyMs)
    {
        var counts = new long[LatencyHistogram.BucketCount];
        counts[LatencyHistogram.BucketOf(latencyMs)] = 1;

        Assert.Equal(latencyMs, LatencyHistogram.Percentile(counts, 0.5, latencyMs, latencyMs));
        Assert.Equal(latencyMs, LatencyHistogram.Percentile(counts, 0.95, latencyMs, latencyMs));
    }

    [Fact]
    public void Percentiles_stay_in_order_within_the_smallest_and_largest_latency_and_within_the_stated_precision()
    {
        var random = new Random(11);
        for (var sample = 0; sample < 200; sample++)
        {
            // Narrow spreads too, where a bucket's middle often lies beyond every value in it.
            var spread = random.Next(2) == 0 ? 1.05 : 1_000;
            var lowest = 0.07 * Math.Pow(1_000, random.NextDouble());
            var latencies = Enumerable.Range(0, random.Next(1, 500)).Select(_ => lowest * Math.Pow(spread, random.NextDouble())).ToList();
            var counts = new long[LatencyHistogram.BucketCount];
            foreach (var latency in latencies)
            {
                counts[LatencyHistogram.BucketOf(latency)]++;
            }

            var (min, max) = (latencies.Min(), latencies.Max());
            var p50 = LatencyHistogram.Percentile(counts, 0.5, min, max)!.Value;
            var p95 = LatencyHistogram.Percentile(counts, 0.95, min, max)!.Value;

            Assert.True(min <= p50 && p50 <= p95 && p95 <= max, $"min {min}, p50 {p50}, p95 {p95}, max {max}");
            CheckRollupTests.AssertWithinPrecision(CheckRollupTests.ExactP95(latencies), p95);
        }
    }

    [Fact]
    public void Without_known_bounds_a_percentile_is_the_middle_of_its_bucket()
    {
        var counts = new long[LatencyHistogram.BucketCount];
        counts[LatencyHistogram.BucketOf(71.55)] = 1;

        Assert.Equal(69.79, LatencyHistogram.Percentile(counts, 0.95, null, null)!.Value, 2);
    }

    [Fact]
    public void The_stated_precision_is_about_nine_percent()
    {
        Assert.Equal(0.0905, LatencyHistogram.Precision, 4);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.05, 0)]
    [InlineData(0.0625, 1)]
    [InlineData(1, 17)]
    [InlineData(2, 21)]
    [InlineData(131_071, 84)]
    [InlineData(131_072, 85)]
    [InlineData(3_600_000, 85)]
    public void Each_latency_falls_in_its_quarter_doubling_bucket(double latencyMs, int bucket)
    {
        Assert.Equal(bucket, LatencyHistogram.BucketOf(latencyMs));
    }

    [Fact]
    public void No_counts_give_no_percentile()
    {
        Assert.Null(LatencyHistogram.Percentile(new long[LatencyHistogram.BucketCount], 0.95));
    }
}
