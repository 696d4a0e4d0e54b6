using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Sentinel.Checks.Kinds;
using Sentinel.Data;
using Sentinel.Scheduler.Housekeeping;
using Sentinel.Testing;

namespace Sentinel.Scheduler.Tests;

/// <summary>
/// Housekeeping on a real database migrated as a new installation is (day partitions from today through two days
/// ahead), with time moved by a clock the test sets: results kept as long as retention says, partitions ready
/// before results need them, daily rollups the sum of their hours.
/// </summary>
public sealed class HousekeepingTests : IAsyncLifetime
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The UTC day the migration ran on: its partitions start here (read from them, so midnight cannot fall between).</summary>
    private DateTime Today { get; set; }

    private readonly TestDatabase _database = new();
    private readonly SettableClock _clock = new();
    private RetentionOptions _retention = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Today = (await PartitionsAsync()).Min(p => p.From);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private ResultHousekeeping NewHousekeeping() => new(_database.DataSource, Options.Create(_retention), _clock);

    private async Task<HousekeepingRun> RunAsync(ResultHousekeeping? housekeeping = null)
    {
        var run = await (housekeeping ?? NewHousekeeping()).RunAsync(CancellationToken.None);
        Assert.NotNull(run);
        return run;
    }

    [Fact]
    public async Task After_a_run_every_hour_from_now_through_two_days_ahead_has_a_partition_of_its_own()
    {
        _clock.Now = Today + TimeSpan.FromDays(6) + TimeSpan.FromHours(13);

        var run = await RunAsync();

        Assert.Equal(
            [ResultPartitions.NameOf(Today + TimeSpan.FromDays(6), Day), ResultPartitions.NameOf(Today + TimeSpan.FromDays(7), Day), ResultPartitions.NameOf(Today + TimeSpan.FromDays(8), Day)],
            run.Created);
        await AssertCoveredAsync(_clock.Now, _clock.Now + ResultHousekeeping.CreateAhead);
        // A second run finds everything in place.
        Assert.Empty((await RunAsync()).Created);
    }

    [Fact]
    public async Task Changing_the_partition_width_to_hours_and_back_leaves_neither_a_gap_nor_an_overlap()
    {
        // The migration's day partitions reach the end of today + 2; hours take over from there.
        _clock.Now = Today + TimeSpan.FromDays(2) + TimeSpan.FromHours(20);
        _retention = new RetentionOptions { PartitionHours = 1 };
        var hourly = await RunAsync();
        Assert.Equal(ResultPartitions.NameOf(Today + TimeSpan.FromDays(3), TimeSpan.FromHours(1)), hourly.Created[0]);
        Assert.All(await PartitionsAsync(hourly.Created), p => Assert.Equal(TimeSpan.FromHours(1), p.To - p.From));
        await AssertCoveredAsync(_clock.Now, _clock.Now + ResultHousekeeping.CreateAhead);

        // Back to days a few hours later: the rest of the last hourly day is one partition, whole days follow.
        _clock.Now += TimeSpan.FromHours(30);
        _retention = new RetentionOptions { PartitionHours = 24 };
        var daily = await RunAsync();
        Assert.NotEmpty(daily.Created);
        Assert.All(await PartitionsAsync(daily.Created), p => Assert.True(p.To - p.From > TimeSpan.FromHours(1)));
        await AssertCoveredAsync(Today, _clock.Now + ResultHousekeeping.CreateAhead);
    }

    [Fact]
    public async Task A_partition_older_than_the_raw_window_is_dropped_with_its_results_and_a_younger_one_is_kept()
    {
        await InsertResultAsync(Today + TimeSpan.FromHours(5));
        await InsertResultAsync(Today + Day + TimeSpan.FromHours(5));
        // Today's partition ended 14 days before now; tomorrow's ends within the window.
        _clock.Now = Today + TimeSpan.FromDays(15) + TimeSpan.FromHours(12);

        var run = await RunAsync();

        Assert.Equal([ResultPartitions.NameOf(Today, Day)], run.Dropped);
        Assert.Equal([Today + Day + TimeSpan.FromHours(5)], await StoredDueTimesAsync());
        Assert.Contains(ResultPartitions.NameOf(Today + Day, Day), (await PartitionsAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task A_result_that_landed_in_the_default_partition_is_moved_into_the_partition_made_for_its_time()
    {
        // Housekeeping was stopped: nothing covers ten days ahead, so a result due then lands in the default partition.
        var dueAt = Today + TimeSpan.FromDays(10) + TimeSpan.FromHours(3);
        await InsertResultAsync(dueAt);
        Assert.Equal(ResultPartitions.DefaultPartition, await PartitionHoldingAsync(dueAt));
        _clock.Now = Today + TimeSpan.FromDays(10) + TimeSpan.FromHours(9);

        var run = await RunAsync();

        Assert.Equal(1, run.StraysMoved);
        Assert.Equal(ResultPartitions.NameOf(Today + TimeSpan.FromDays(10), Day), await PartitionHoldingAsync(dueAt));
        Assert.Equal([dueAt], await StoredDueTimesAsync());
        // The move kept the row whole, and the default partition is attached again: a stray still finds it.
        await using (var command = _database.DataSource.CreateCommand("SELECT latency_ms, outcome, errors FROM check_results WHERE scheduled_at = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = dueAt });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(12.5f, reader.GetFloat(0));
            Assert.Equal((short)1, reader.GetInt16(1));
            Assert.Equal(["timeout"], reader.GetFieldValue<string[]>(2));
        }

        await InsertResultAsync(Today + TimeSpan.FromDays(30));
        Assert.Equal(ResultPartitions.DefaultPartition, await PartitionHoldingAsync(Today + TimeSpan.FromDays(30)));
    }

    [Fact]
    public async Task A_stray_older_than_the_raw_window_is_deleted_from_the_default_partition()
    {
        var dueAt = Today - TimeSpan.FromDays(20);
        await InsertResultAsync(dueAt);
        _clock.Now = Today + TimeSpan.FromHours(12);

        var run = await RunAsync();

        Assert.Equal(1, run.StraysDeleted);
        Assert.Empty(await StoredDueTimesAsync());
    }

    [Fact]
    public async Task A_closed_partition_has_its_index_compacted_once_and_still_answers_history_reads()
    {
        for (var monitor = 1; monitor <= 50; monitor++)
        {
            for (var minute = 0; minute < 60; minute += 5)
            {
                await InsertResultAsync(Today + TimeSpan.FromMinutes(minute), monitor);
            }
        }

        // An earlier rebuild failed part way, leaving its invalid new index.
        var closed = ResultPartitions.NameOf(Today, Day);
        await using (var failed = _database.DataSource.CreateCommand($"CREATE UNIQUE INDEX CONCURRENTLY \"{closed}_pkey_ccnew\" ON \"{closed}\" (region)"))
        {
            await Assert.ThrowsAsync<PostgresException>(() => failed.ExecuteNonQueryAsync());
        }

        // Today closed more than an hour ago; tomorrow is still written to.
        _clock.Now = Today + Day + TimeSpan.FromHours(2);

        var run = await RunAsync();

        Assert.Equal([closed], run.Compacted);
        await using (var indexes = _database.DataSource.CreateCommand(
            "SELECT string_agg(indexrelid::regclass::text, ', ') FROM pg_index WHERE indrelid = $1::regclass"))
        {
            indexes.Parameters.Add(new NpgsqlParameter { Value = closed });
            Assert.Equal(closed + "_pkey", await indexes.ExecuteScalarAsync());
        }

        var partitions = await PartitionsAsync();
        Assert.True(partitions.Single(p => p.Name == closed).Compacted);
        Assert.False(partitions.Single(p => p.Name == ResultPartitions.NameOf(Today + Day, Day)).Compacted);
        await using (var read = _database.DataSource.CreateCommand(
            "SELECT count(*) FROM check_results WHERE monitor = 7 AND region = 1 AND scheduled_at >= $1 AND scheduled_at < $2"))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = Today });
            read.Parameters.Add(new NpgsqlParameter { Value = Today + Day });
            Assert.Equal(12L, await read.ExecuteScalarAsync());
        }

        Assert.Empty((await RunAsync()).Compacted);
    }

    [Fact]
    public async Task A_daily_rollup_is_the_sum_of_its_hours_and_is_rolled_again_when_a_late_result_changes_an_hour()
    {
        var monitor = await AddMonitorAsync();
        var day = Today - Day;
        await using (var db = _database.CreateDbContext())
        {
            db.CheckRollups.AddRange(
                Hour(monitor, day + TimeSpan.FromHours(0), checks: 60, up: 59, sum: 600, min: 4, max: 30, buckets: [(40, 50), (50, 10)]),
                Hour(monitor, day + TimeSpan.FromHours(7), checks: 60, up: 60, sum: 480, min: 3, max: 12, buckets: [(40, 60)]),
                Hour(monitor, day + TimeSpan.FromHours(23), checks: 30, up: 10, sum: 900, min: 5, max: 95, buckets: [(50, 20), (70, 10)]),
                // The day before and the day after are other days; another region is another rollup.
                Hour(monitor, day - TimeSpan.FromHours(1), checks: 5, up: 5, sum: 5, min: 1, max: 1, buckets: [(10, 5)]),
                Hour(monitor, day + TimeSpan.FromHours(24), checks: 7, up: 7, sum: 7, min: 1, max: 1, buckets: [(10, 7)]),
                Hour(monitor, day + TimeSpan.FromHours(3), checks: 9, up: 9, sum: 9, min: 1, max: 1, buckets: [(10, 9)], region: "eu"));
            await db.SaveChangesAsync();
        }

        // Today has not finished: only yesterday and the day before are rolled.
        _clock.Now = Today + TimeSpan.FromHours(1);
        await RunAsync();

        var rolled = await DailyRollupAsync(monitor, day);
        Assert.Equal(150, rolled.Checks);
        Assert.Equal(129, rolled.UpChecks);
        Assert.Equal(1980, rolled.LatencySumMs);
        Assert.Equal(3, rolled.LatencyMinMs);
        Assert.Equal(95, rolled.LatencyMaxMs);
        Assert.Equal(LatencyHistogram.BucketCount, rolled.LatencyHistogram.Length);
        Assert.Equal(110, rolled.LatencyHistogram[40]);
        Assert.Equal(30, rolled.LatencyHistogram[50]);
        Assert.Equal(10, rolled.LatencyHistogram[70]);
        Assert.Equal(150, rolled.LatencyHistogram.Sum());
        Assert.Equal(9, (await DailyRollupAsync(monitor, day, "eu")).Checks);
        Assert.Equal(5, (await DailyRollupAsync(monitor, day - Day)).Checks);
        await using (var db = _database.CreateDbContext())
        {
            Assert.DoesNotContain(db.DailyRollups, r => r.Day == Today);
        }

        // A result recorded late lands in hour 7: the recorder adds it to that hour, and the next run to the day.
        await using (var db = _database.CreateDbContext())
        {
            var hour = db.CheckRollups.Single(r => r.MonitorId == monitor && r.BucketStart == day + TimeSpan.FromHours(7));
            hour.Checks++;
            hour.LatencySumMs += 250;
            hour.LatencyMaxMs = 250;
            hour.LatencyHistogram[60]++;
            await db.SaveChangesAsync();
        }

        _clock.Now += TimeSpan.FromMinutes(5);
        var rerun = await RunAsync();

        Assert.Equal(1, rerun.DaysRolled);
        rolled = await DailyRollupAsync(monitor, day);
        Assert.Equal(151, rolled.Checks);
        Assert.Equal(2230, rolled.LatencySumMs);
        Assert.Equal(250, rolled.LatencyMaxMs);
        Assert.Equal(1, rolled.LatencyHistogram[60]);
        Assert.Equal(151, rolled.LatencyHistogram.Sum());
    }

    [Fact]
    public async Task Hourly_rollups_leave_after_their_window_and_daily_ones_only_when_a_daily_window_is_set()
    {
        var monitor = await AddMonitorAsync();
        await using (var db = _database.CreateDbContext())
        {
            db.CheckRollups.AddRange(
                Hour(monitor, Today - TimeSpan.FromDays(500), checks: 1, up: 1, sum: 1, min: 1, max: 1, buckets: [(10, 1)]),
                Hour(monitor, Today - TimeSpan.FromDays(10), checks: 1, up: 1, sum: 1, min: 1, max: 1, buckets: [(10, 1)]));
            db.DailyRollups.Add(new DailyRollup { MonitorId = monitor, Day = Today - TimeSpan.FromDays(3000), Checks = 1, UpChecks = 1 });
            await db.SaveChangesAsync();
        }

        _clock.Now = Today + TimeSpan.FromHours(12);
        var run = await RunAsync();

        Assert.Equal(1, run.HourlyRollupsDeleted);
        Assert.Equal(0, run.DailyRollupsDeleted);
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal([Today - TimeSpan.FromDays(10)], db.CheckRollups.Select(r => r.BucketStart).ToList());
            Assert.Contains(db.DailyRollups, r => r.Day == Today - TimeSpan.FromDays(3000));
        }

        _retention = new RetentionOptions { DailyRollupDays = 730 };
        Assert.Equal(1, (await RunAsync()).DailyRollupsDeleted);
        await using (var db = _database.CreateDbContext())
        {
            Assert.DoesNotContain(db.DailyRollups, r => r.Day == Today - TimeSpan.FromDays(3000));
        }
    }

    [Fact]
    public async Task Two_replicas_running_housekeeping_at_once_do_the_work_once_and_neither_fails()
    {
        _clock.Now = Today + TimeSpan.FromDays(20) + TimeSpan.FromHours(2);
        _retention = new RetentionOptions { PartitionHours = 1 };
        var first = NewHousekeeping();
        var second = NewHousekeeping();

        var runs = await Task.WhenAll(
            Task.Run(() => first.RunAsync(CancellationToken.None)),
            Task.Run(() => second.RunAsync(CancellationToken.None)));

        var created = runs.Where(r => r is not null).SelectMany(r => r!.Created).ToList();
        // Each hour from the current one through 48 hours ahead, made by one replica or the other, never twice.
        Assert.Equal(49, created.Count);
        Assert.Equal(created.Count, created.Distinct().Count());
        var dropped = runs.Where(r => r is not null).SelectMany(r => r!.Dropped).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 3).Select(d => ResultPartitions.NameOf(Today + TimeSpan.FromDays(d), Day)), dropped);
        await AssertCoveredAsync(_clock.Now, _clock.Now + ResultHousekeeping.CreateAhead);
    }

    [Fact]
    public void Retention_settings_that_contradict_each_other_are_refused_with_the_reason()
    {
        static List<string> Errors(RetentionOptions options)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            return results.Select(r => r.ErrorMessage!).ToList();
        }

        Assert.Empty(Errors(new RetentionOptions()));
        Assert.Contains("Retention:PartitionHours is 6", Assert.Single(Errors(new RetentionOptions { PartitionHours = 6 })));
        Assert.Contains("shorter than Retention:RawDays", Assert.Single(Errors(new RetentionOptions { RawDays = 30, HourlyRollupDays = 20 })));
        Assert.Contains("set it to 0 (forever) or at least 400", Assert.Single(Errors(new RetentionOptions { DailyRollupDays = 100 })));
        Assert.Contains(nameof(RetentionOptions.RawDays), Assert.Single(Errors(new RetentionOptions { RawDays = 0 })));
    }

    [Fact]
    public async Task The_scheduler_runs_housekeeping_every_interval_the_settings_give_beside_its_dispatching()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:IntervalSeconds"] = "120" });
        builder.AddDispatching();
        builder.AddHousekeeping();
        await using var services = builder.Services.BuildServiceProvider();

        // The scheduler as Quartz builds it from the registrations, not started.
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.NotNull(await scheduler.GetJobDetail(new JobKey("dispatch-due-checks")));
        Assert.Equal(typeof(HousekeepingJob), (await scheduler.GetJobDetail(HousekeepingExtensions.JobKey))!.JobType.Type);
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(HousekeepingExtensions.JobKey)));
        Assert.Equal(TimeSpan.FromSeconds(120), trigger.RepeatInterval);
        await scheduler.Shutdown();
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTime Now { get; set; } = DateTime.UtcNow;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    private sealed record PartitionBounds(string Name, DateTime From, DateTime To, bool Compacted);

    /// <summary>The partitions (not the default) as the catalog bounds them, optionally only those named.</summary>
    private async Task<List<PartitionBounds>> PartitionsAsync(IEnumerable<string>? names = null)
    {
        var partitions = new List<PartitionBounds>();
        await using var command = _database.DataSource.CreateCommand(HousekeepingSql.ListPartitions);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!reader.GetBoolean(1))
            {
                partitions.Add(new PartitionBounds(reader.GetString(0), reader.GetDateTime(2), reader.GetDateTime(3), reader.GetBoolean(4)));
            }
        }

        return names is null ? partitions : partitions.Where(p => names.Contains(p.Name)).ToList();
    }

    /// <summary>Every moment in [from, to] falls in exactly one partition other than the default.</summary>
    private async Task AssertCoveredAsync(DateTime from, DateTime to)
    {
        var partitions = (await PartitionsAsync()).OrderBy(p => p.From).ToList();
        var covering = partitions.Where(p => p.To > from && p.From <= to).ToList();
        Assert.NotEmpty(covering);
        Assert.True(covering[0].From <= from, $"nothing covers {from:O}");
        for (var i = 1; i < covering.Count; i++)
        {
            Assert.Equal(covering[i - 1].To, covering[i].From);
        }

        Assert.True(covering[^1].To > to, $"nothing covers {to:O}");
    }

    private async Task InsertResultAsync(DateTime dueAt, int monitor = 1)
    {
        await using var command = _database.DataSource.CreateCommand(
            "INSERT INTO check_results (scheduled_at, monitor, latency_ms, checked_after_ms, region, outcome, errors) VALUES ($1, $2, 12.5, 3, 1, 1, ARRAY['timeout'])");
        command.Parameters.Add(new NpgsqlParameter { Value = dueAt });
        command.Parameters.Add(new NpgsqlParameter { Value = monitor });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<DateTime>> StoredDueTimesAsync()
    {
        await using var db = _database.CreateDbContext();
        return db.CheckResults.Select(r => r.ScheduledAt).Distinct().OrderBy(t => t).ToList();
    }

    private async Task<string> PartitionHoldingAsync(DateTime dueAt)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT tableoid::regclass::text FROM check_results WHERE scheduled_at = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = dueAt });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Guid> AddMonitorAsync()
    {
        await using var db = _database.CreateDbContext();
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(),
            Name = "checkout",
            Check = new HttpCheck { Url = "http://127.0.0.1:9/health", TimeoutSeconds = 5 },
            IntervalSeconds = 60,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync();
        return monitor.Id;
    }

    private static CheckRollup Hour(
        Guid monitor, DateTime start, int checks, int up, double sum, double min, double max, (int Bucket, int Count)[] buckets, string region = "default")
    {
        var histogram = new int[LatencyHistogram.BucketCount];
        foreach (var (bucket, count) in buckets)
        {
            histogram[bucket] = count;
        }

        return new CheckRollup
        {
            MonitorId = monitor, BucketStart = start, Region = region, Checks = checks, UpChecks = up,
            LatencySumMs = sum, LatencyMinMs = min, LatencyMaxMs = max, LatencyHistogram = histogram,
        };
    }

    private async Task<DailyRollup> DailyRollupAsync(Guid monitor, DateTime day, string region = "default")
    {
        await using var db = _database.CreateDbContext();
        return db.DailyRollups.Single(r => r.MonitorId == monitor && r.Day == day && r.Region == region);
    }
}
