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
