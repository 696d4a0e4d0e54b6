using System.Text;
using Prometheus;
using Sentinel.ServiceDefaults;

namespace Sentinel.Bench.Tests;

/// <summary>
/// The bench reads its delays from the services' histograms: each test exports a real prometheus-net histogram with
/// the services' buckets, as their /metrics does, and reads it as the bench does.
/// </summary>
public sealed class DelayHistogramTests
{
    private const string Name = "sentinel_check_delay_seconds";

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Histogram _histogram;

    public DelayHistogramTests() =>
        _histogram = Metrics.WithCustomRegistry(_registry).CreateHistogram(Name, "Delays.", new HistogramConfiguration { Buckets = DelayBuckets.Seconds });

    private void Observe(int times, double seconds)
    {
        for (var i = 0; i < times; i++)
        {
            _histogram.Observe(seconds);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var page = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(page);
        return Encoding.UTF8.GetString(page.ToArray());
    }

    private async Task<DelayHistogram> ReadAsync() => DelayHistogram.Parse(await ScrapeAsync(), Name);

    [Fact]
    public async Task P99_is_under_one_second_only_when_more_than_99_percent_took_a_second_or_less()
    {
        Observe(990, 0.9);
        Observe(10, 1.2);
        Assert.False((await ReadAsync()).Quantile(0.99) < 1);

        Observe(1, 0.9); // 991 of 1,001
        Assert.True((await ReadAsync()).Quantile(0.99) < 1);
    }

    [Fact]
    public async Task P99_is_under_two_seconds_only_when_more_than_99_percent_took_two_seconds_or_less()
    {
        Observe(98, 0.1);
        Observe(1, 2.0);
        Observe(1, 2.5);
        Assert.False((await ReadAsync()).Quantile(0.99) < 2);

        Observe(1, 1.9);
        Assert.True((await ReadAsync()).Quantile(0.99) < 2);
    }

    [Fact]
    public async Task A_percentile_is_interpolated_within_its_bucket()
    {
        Observe(100, 0.6); // all in (0.5, 0.75]

        var read = await ReadAsync();

        Assert.Equal(0.625, read.Quantile(0.5), 9);
        Assert.Equal(0.7475, read.Quantile(0.99), 9);
        Assert.Equal(0.75, read.MaxAtMost());
    }

    [Fact]
    public async Task Only_what_was_observed_between_the_two_scrapes_counts()
    {
        Observe(1000, 10);
        var start = await ReadAsync();
        Observe(100, 0.04);

        var window = (await ReadAsync()).Minus(start);

        Assert.Equal(100, window.Count);
        Assert.True(window.Quantile(0.99) <= 0.05);
        Assert.Equal(0.05, window.MaxAtMost());
    }

    [Fact]
    public async Task A_delay_beyond_the_last_bucket_reads_as_the_last_bound_and_an_unbounded_max()
    {
        Observe(10, 500);

        var read = await ReadAsync();

        Assert.Equal(DelayBuckets.Seconds[^1], read.Quantile(0.5));
        Assert.Equal(double.PositiveInfinity, read.MaxAtMost());
    }

    [Fact]
    public async Task A_service_that_has_timed_nothing_reads_as_zero()
    {
        var read = DelayHistogram.Parse(await ScrapeAsync(), "sentinel_schedule_lag_seconds");

        Assert.Equal(0, read.Count);
        Assert.Equal(0, read.Quantile(0.99));
        Assert.Equal(0, read.MaxAtMost());
    }

    [Fact]
    public async Task Buckets_other_than_the_services_are_refused_since_the_one_and_two_second_bounds_would_be_lost()
    {
        Metrics.WithCustomRegistry(_registry).CreateHistogram("old_delay_seconds", "Old buckets.", new HistogramConfiguration { Buckets = [0.5, 5] });

        var page = await ScrapeAsync();

        var error = Assert.Throws<FormatException>(() => DelayHistogram.Parse(page, "old_delay_seconds"));

        Assert.Contains("DelayBuckets.Seconds", error.Message);
    }

    [Fact]
    public async Task Results_recorded_are_summed_over_every_outcome_and_region()
    {
        var recorded = Metrics.WithCustomRegistry(_registry).CreateCounter(PipelineMetrics.RecordedMetric, "Recorded.", "result", "region");
        recorded.WithLabels("up", "default").Inc(7);
        recorded.WithLabels("down", "default").Inc(2);
        recorded.WithLabels("up", "r2").Inc(5);

        Assert.Equal(14, PipelineMetrics.CounterSum(await ScrapeAsync(), PipelineMetrics.RecordedMetric));
    }
}
