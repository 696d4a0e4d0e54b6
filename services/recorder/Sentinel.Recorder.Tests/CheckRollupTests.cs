using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Tests;

public sealed class CheckRollupTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    private readonly DateTime _hour = CheckRollup.HourOf(DateTime.UtcNow).AddHours(-5);

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private static CheckCompleted Result(Guid monitorId, DateTime checkedAt, CheckStatus status, double latencyMs) => new()
    {
        CheckId = SlotCheckId.For(monitorId, checkedAt),
        MonitorId = monitorId,
        ScheduledAt = checkedAt,
        CheckedAt = checkedAt,
        Status = status,
        LatencyMs = latencyMs,
        StatusCode = status == CheckStatus.Up ? 200 : 503,
        Error = status == CheckStatus.Up ? null : "unexpected status code 503",
    };

    [Fact]
    public async Task A_redelivered_batch_is_counted_once_in_the_rollup()
    {
        var monitor = await _recorder.AddMonitorAsync();
        CheckCompleted[] batch =
        [
            Result(monitor, _hour.AddMinutes(1), CheckStatus.Up, 10),
            Result(monitor, _hour.AddMinutes(2), CheckStatus.Down, 30),
            Result(monitor, _hour.AddMinutes(3), CheckStatus.Up, 20),
        ];
        await _recorder.RecordAsync(batch);

        await _recorder.RecordAsync(batch.Select(r => r with { }).ToArray());
        await _recorder.RecordAsync(Result(monitor, _hour.AddMinutes(4), CheckStatus.Up, 40));

        await using var db = _recorder.Database.CreateDbContext();
        var rollup = await db.CheckRollups.SingleAsync(r => r.MonitorId == monitor);
        Assert.Equal(_hour, rollup.BucketStart);
        Assert.Equal((4, 3, 100.0), (rollup.Checks, rollup.UpChecks, rollup.LatencySumMs));
        Assert.Equal((10.0, 40.0), (rollup.LatencyMinMs, rollup.LatencyMaxMs));
        Assert.Equal(4, rollup.LatencyHistogram.Sum());
    }

    [Fact]
    public async Task Batches_written_at_once_keep_the_smallest_and_largest_latency_of_them_all()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var writer = new ResultBatchWriter(_recorder.Database.DataSource, Options.Create(new RecorderOptions()), NullLogger<ResultBatchWriter>.Instance);
        // The smallest and the largest latency are in different batches: a write that replaced the row's extremes
        // instead of combining them would lose one.
        var batches = Enumerable.Range(0, 4)
            .Select(b => Enumerable.Range(0, 25)
                .Select(i => Result(monitor, _hour.AddSeconds(b * 100 + i), CheckStatus.Up, b switch
                {
                    0 => i == 0 ? 0.5 : 30,
                    1 => i == 0 ? 900 : 30,
                    _ => 20 + i,
                }))
                .ToList())
            .ToList();

        await Task.WhenAll(batches.Select(batch => writer.WriteAsync(batch, CancellationToken.None)));

        await using var db = _recorder.Database.CreateDbContext();
        var rollup = await db.CheckRollups.SingleAsync(r => r.MonitorId == monitor);
        Assert.Equal(100, rollup.Checks);
        Assert.Equal((0.5, 900.0), (rollup.LatencyMinMs, rollup.LatencyMaxMs));
    }

    [Fact]
    public async Task An_hour_rolled_up_before_extremes_were_kept_keeps_them_unknown()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await using var db = _recorder.Database.CreateDbContext();
        // As the RollupMinMax migration leaves a row: counted results, no extremes.
        var old = new CheckRollup { MonitorId = monitor, BucketStart = _hour, Checks = 1, UpChecks = 1, LatencySumMs = 5 };
        old.LatencyHistogram[LatencyHistogram.BucketOf(5)] = 1;
        db.CheckRollups.Add(old);
        await db.SaveChangesAsync();

        await _recorder.RecordAsync(Result(monitor, _hour.AddMinutes(10), CheckStatus.Up, 50));

        var rollup = await db.CheckRollups.AsNoTracking().SingleAsync(r => r.MonitorId == monitor);
        Assert.Equal((2, 55.0), (rollup.Checks, rollup.LatencySumMs));
        // The hour's smallest latency was 5 ms: taking 50 from the new result would clamp its percentiles wrongly.
        Assert.Equal((null, null), (rollup.LatencyMinMs, rollup.LatencyMaxMs));
    }

    [Fact]
    public async Task Rollups_match_the_raw_results_hour_by_hour()
    {
        var monitors = new[] { await _recorder.AddMonitorAsync(), await _recorder.AddMonitorAsync() };
        var random = new Random(5);
        // Log-uniform latencies from 0.3 ms to 5 s, one result in eight down, over three hours, in batches of mixed monitors.
        var results = Enumerable.Range(0, 600)
            .Select(i => Result(
                monitors[i % 2],
                _hour.AddSeconds(i * 17 + random.Next(17)),
                random.Next(8) == 0 ? CheckStatus.Down : CheckStatus.Up,
                0.3 * Math.Pow(5000 / 0.3, random.NextDouble())))
            .ToList();
        foreach (var chunk in results.Chunk(100))
        {
            await _recorder.RecordAsync(chunk);
        }

        await using var db = _recorder.Database.CreateDbContext();
        var stored = await db.RecordedChecks.CountAsync(r => monitors.Contains(r.MonitorId));
        var rollups = await db.CheckRollups.Where(r => monitors.Contains(r.MonitorId)).ToListAsync();
        // From the results sent: a stored latency is a float, a rollup's sums are of the results' doubles.
        var expected = results
            .GroupBy(r => (r.MonitorId, Hour: CheckRollup.HourOf(r.CheckedAt)))
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(600, stored);
        Assert.Equal(expected.Keys.Order(), rollups.Select(r => (r.MonitorId, Hour: r.BucketStart)).Order());
        Assert.True(rollups.Count >= 6, "the results span three hours of two monitors");
        foreach (var rollup in rollups)
        {
            var raw = expected[(rollup.MonitorId, rollup.BucketStart)];
            Assert.Equal(raw.Count, rollup.Checks);
            Assert.Equal(raw.Count(r => r.Status == CheckStatus.Up), rollup.UpChecks);
            Assert.Equal(raw.Average(r => r.LatencyMs), rollup.LatencySumMs / rollup.Checks, 6);
            Assert.Equal((raw.Min(r => r.LatencyMs), raw.Max(r => r.LatencyMs)), (rollup.LatencyMinMs, rollup.LatencyMaxMs));
            var counts = rollup.LatencyHistogram.Select(n => (long)n).ToList();
            var p95 = LatencyHistogram.Percentile(counts, 0.95, rollup.LatencyMinMs, rollup.LatencyMaxMs);
            AssertWithinPrecision(ExactP95(raw.Select(r => r.LatencyMs)), p95);
            var p50 = LatencyHistogram.Percentile(counts, 0.5, rollup.LatencyMinMs, rollup.LatencyMaxMs);
            Assert.InRange(p50!.Value, rollup.LatencyMinMs!.Value, p95!.Value);
            Assert.InRange(p95.Value, p50.Value, rollup.LatencyMaxMs!.Value);
        }

        // Merged across hours, as the uptime endpoint does.
        foreach (var monitor in monitors)
        {
            var merged = Enumerable.Range(0, LatencyHistogram.BucketCount)
                .Select(k => rollups.Where(r => r.MonitorId == monitor).Sum(r => (long)r.LatencyHistogram[k]))
                .ToList();
            AssertWithinPrecision(ExactP95(results.Where(r => r.MonitorId == monitor).Select(r => r.LatencyMs)), LatencyHistogram.Percentile(merged, 0.95));
        }
    }

    [Fact]
    public async Task Deleting_a_monitor_deletes_its_rollups()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(Result(monitor, _hour, CheckStatus.Up, 10));

        await using var db = _recorder.Database.CreateDbContext();
        Assert.True(await db.CheckRollups.AnyAsync(r => r.MonitorId == monitor));
        await db.Monitors.Where(m => m.Id == monitor).ExecuteDeleteAsync();
        Assert.False(await db.CheckRollups.AnyAsync(r => r.MonitorId == monitor));
    }

    /// <summary>Nearest rank: the smallest value with at least 95 % of the values at or below it.</summary>
    internal static double ExactP95(IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1];
    }

    internal static void AssertWithinPrecision(double exact, double? estimate)
    {
        Assert.NotNull(estimate);
        var error = Math.Abs(estimate.Value / exact - 1);
        Assert.True(error <= LatencyHistogram.Precision, $"p95 {estimate} is {error:P1} off the exact {exact}");
    }
}
