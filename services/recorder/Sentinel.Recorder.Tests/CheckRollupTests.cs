using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Tests;

public sealed class CheckRollupTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    private readonly DateTime _hour = CheckRollup.HourOf(DateTime.UtcNow).AddHours(-5);

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private static CheckCompleted Result(Guid monitorId, DateTime checkedAt, CheckStatus status, double latencyMs) => new()
    {
        CheckId = Guid.NewGuid(),
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
        Assert.Equal(4, rollup.LatencyHistogram.Sum());
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
        var stored = await db.CheckResults.Where(r => monitors.Contains(r.MonitorId)).ToListAsync();
        var rollups = await db.CheckRollups.Where(r => monitors.Contains(r.MonitorId)).ToListAsync();
        var expected = stored
            .GroupBy(r => (r.MonitorId, Hour: CheckRollup.HourOf(r.CheckedAt)))
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(600, stored.Count);
        Assert.Equal(expected.Keys.Order(), rollups.Select(r => (r.MonitorId, Hour: r.BucketStart)).Order());
        Assert.True(rollups.Count >= 6, "the results span three hours of two monitors");
        foreach (var rollup in rollups)
        {
            var raw = expected[(rollup.MonitorId, rollup.BucketStart)];
            Assert.Equal(raw.Count, rollup.Checks);
            Assert.Equal(raw.Count(r => r.Status == CheckStatus.Up), rollup.UpChecks);
            Assert.Equal(raw.Average(r => r.LatencyMs), rollup.LatencySumMs / rollup.Checks, 6);
            AssertWithinPrecision(ExactP95(raw.Select(r => r.LatencyMs)), LatencyHistogram.Percentile(rollup.LatencyHistogram.Select(n => (long)n).ToList(), 0.95));
        }

        // Merged across hours, as the uptime endpoint does.
        foreach (var monitor in monitors)
        {
            var merged = Enumerable.Range(0, LatencyHistogram.BucketCount)
                .Select(k => rollups.Where(r => r.MonitorId == monitor).Sum(r => (long)r.LatencyHistogram[k]))
                .ToList();
            AssertWithinPrecision(ExactP95(stored.Where(r => r.MonitorId == monitor).Select(r => r.LatencyMs)), LatencyHistogram.Percentile(merged, 0.95));
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
