using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;
using Sentinel.Testing;

namespace Sentinel.Recorder.Tests;

/// <summary>An existing installation upgrades: the migration that adds rollups computes them from the stored results.</summary>
public sealed class RollupMigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(migrate: false);

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Results_stored_before_the_rollup_migration_are_rolled_up_by_it()
    {
        await using var db = _database.CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var rollups = migrations.FindIndex(m => m.EndsWith("_UptimeRollups", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[rollups - 1]);

        var monitor = Guid.CreateVersion7();
        var hour = CheckRollup.HourOf(DateTime.UtcNow).AddHours(-3);
        var random = new Random(3);
        var results = Enumerable.Range(0, 400)
            .Select(i => (
                CheckId: Guid.NewGuid(),
                CheckedAt: hour.AddSeconds(i * 20 + random.Next(20)),
                Status: random.Next(5) == 0 ? CheckStatus.Down : CheckStatus.Up,
                LatencyMs: i == 0 ? 0.01 : i == 1 ? 200_000 : 0.1 * Math.Pow(20_000, random.NextDouble())))
            .ToList();
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            // The schema as it was before the migration, hence plain SQL rather than today's model.
            await using var insertMonitor = new NpgsqlCommand("""
                INSERT INTO monitors (id, name, url, interval_seconds, timeout_seconds, enabled, method, headers, expected_status_codes,
                                      failure_threshold, success_threshold, created_at, updated_at, channel_ids, tags)
                VALUES ($1, 'old', 'http://127.0.0.1:1/', 20, 5, true, 'GET', '{}', '{}', 1, 1, now(), now(), '{}', '{}')
                """, connection) { Parameters = { new NpgsqlParameter { Value = monitor } } };
            await insertMonitor.ExecuteNonQueryAsync();
            await using var insertResults = new NpgsqlCommand("""
                INSERT INTO check_results (check_id, monitor_id, scheduled_at, checked_at, status, latency_ms)
                SELECT r.check_id, $2, r.checked_at, r.checked_at, r.status, r.latency_ms FROM unnest($1, $3, $4, $5) AS r(check_id, checked_at, status, latency_ms)
                """, connection);
            insertResults.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.CheckId).ToArray() });
            insertResults.Parameters.Add(new NpgsqlParameter { Value = monitor });
            insertResults.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.CheckedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insertResults.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => (int)r.Status).ToArray() });
            insertResults.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.LatencyMs).ToArray() });
            await insertResults.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync();

        // The same figures the recorder would have written for these results.
        var expected = HourlyRollup.From(results.Select(r => new CheckCompleted
        {
            CheckId = r.CheckId, MonitorId = monitor, ScheduledAt = r.CheckedAt, CheckedAt = r.CheckedAt, Status = r.Status, LatencyMs = r.LatencyMs,
        })).OrderBy(r => r.BucketStart).ToList();
        var actual = await db.CheckRollups.AsNoTracking().Where(r => r.MonitorId == monitor).OrderBy(r => r.BucketStart).ToListAsync();
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(actual.Count >= 3, "the results span three hours");
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal((e.BucketStart, e.Checks, e.UpChecks), (a.BucketStart, a.Checks, a.UpChecks));
            Assert.Equal(e.LatencySumMs, a.LatencySumMs, 6);
            Assert.Equal(e.Histogram, a.LatencyHistogram);
            // Extremes were not kept then: unknown, not guessed from the results still stored.
            Assert.Equal((null, null), (a.LatencyMinMs, a.LatencyMaxMs));
        }
    }
}
