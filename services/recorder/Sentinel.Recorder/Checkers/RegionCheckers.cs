using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Checkers;

/// <summary>
/// The <c>region_checkers</c> statements: each checker as it last reported itself (<see cref="CheckerSeen"/>), and
/// forgetting those long silent. Plain Npgsql: one statement per batch of reports, every few seconds per checker.
/// </summary>
public static class RegionCheckers
{
    /// <summary>How long a silent checker is still listed (a region with none left is told apart from one never used).</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    // Only a newer report moves a row: reports can arrive out of order (redelivery, several recorder replicas).
    private const string UpsertSql = """
        INSERT INTO region_checkers AS c (checker_id, region, host, started_at, last_seen_at, concurrency, running, queue_wait_ms)
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)
            AS r(checker_id, region, host, started_at, last_seen_at, concurrency, running, queue_wait_ms)
        ORDER BY r.checker_id
        ON CONFLICT (checker_id) DO UPDATE SET
            region = excluded.region, host = excluded.host, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at,
            concurrency = excluded.concurrency, running = excluded.running, queue_wait_ms = excluded.queue_wait_ms
        WHERE c.last_seen_at < excluded.last_seen_at
        """;

    /// <summary>Records the newest report of each checker, creating rows for checkers not seen before.</summary>
    public static async Task UpsertAsync(NpgsqlDataSource dataSource, IEnumerable<CheckerSeen> reports, CancellationToken cancellationToken)
    {
        // One row per checker: an INSERT … ON CONFLICT may not touch a row twice.
        var latest = reports.GroupBy(r => r.CheckerId).Select(g => g.MaxBy(r => r.SeenAt)!).ToList();
        if (latest.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.CheckerId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.Region).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.Host).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => ResultRecorder.AsUtc(r.StartedAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => ResultRecorder.AsUtc(r.SeenAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.Concurrency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.Running).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Select(r => r.QueueWaitMs).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes checkers silent for longer than <see cref="ForgetAfter"/> (a handful of rows per checker restart).</summary>
    public static async Task DeleteSilentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM region_checkers WHERE last_seen_at < now() - $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = ForgetAfter } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
