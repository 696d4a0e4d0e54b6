using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Recorder.Status;

/// <summary>
/// One monitor's new results from one region in one UTC hour, summed, with their extremes, ready to add to its
/// <c>check_rollups</c> row. Uptime overall sums a monitor's rows of every region.
/// </summary>
public sealed record HourlyRollup(
    Guid MonitorId, DateTime BucketStart, string Region, int Checks, int UpChecks, double LatencySumMs, double LatencyMinMs, double LatencyMaxMs, int[] Histogram)
{
    /// <summary>Sums results per monitor, UTC hour of <see cref="CheckCompleted.CheckedAt"/> and region.</summary>
    public static List<HourlyRollup> From(IEnumerable<CheckCompleted> results) =>
        results
            .GroupBy(r => (r.MonitorId, BucketStart: CheckRollup.HourOf(r.CheckedAt), Region: RegionNames.OrDefault(r.Region)))
            .Select(g =>
            {
                var histogram = new int[LatencyHistogram.BucketCount];
                foreach (var result in g)
                {
                    histogram[LatencyHistogram.BucketOf(result.LatencyMs)]++;
                }

                return new HourlyRollup(
                    g.Key.MonitorId, g.Key.BucketStart, g.Key.Region, g.Count(), g.Count(r => r.Status == CheckStatus.Up), g.Sum(r => r.LatencyMs),
                    g.Min(r => r.LatencyMs), g.Max(r => r.LatencyMs), histogram);
            })
            .ToList();

    private static readonly string UpsertSql = $"""
        INSERT INTO check_rollups AS c (monitor_id, bucket_start, region, checks, up_checks, latency_sum_ms, latency_min_ms, latency_max_ms, latency_histogram)
        SELECT r.monitor_id, r.bucket_start, r.region, r.checks, r.up_checks, r.latency_sum_ms, r.latency_min_ms, r.latency_max_ms,
               $8[(r.n - 1) * {LatencyHistogram.BucketCount} + 1 : r.n * {LatencyHistogram.BucketCount}]
        FROM unnest($1, $2, $3, $4, $5, $6, $7, $9) WITH ORDINALITY
            AS r(monitor_id, bucket_start, checks, up_checks, latency_sum_ms, latency_min_ms, latency_max_ms, region, n)
        ORDER BY r.monitor_id, r.bucket_start, r.region
        ON CONFLICT (monitor_id, bucket_start, region) DO UPDATE SET
            checks = c.checks + excluded.checks,
            up_checks = c.up_checks + excluded.up_checks,
            latency_sum_ms = c.latency_sum_ms + excluded.latency_sum_ms,
            -- least and greatest skip nulls, so a row from before these columns (null: its earlier results'
            -- extremes are unknown) must stay null rather than take the new results' extremes.
            latency_min_ms = CASE WHEN c.latency_min_ms IS NOT NULL THEN least(c.latency_min_ms, excluded.latency_min_ms) END,
            latency_max_ms = CASE WHEN c.latency_max_ms IS NOT NULL THEN greatest(c.latency_max_ms, excluded.latency_max_ms) END,
            latency_histogram = ARRAY(
                SELECT h.a + h.b FROM unnest(c.latency_histogram, excluded.latency_histogram) WITH ORDINALITY AS h(a, b, i) ORDER BY h.i)
        """;

    /// <summary>
    /// Adds the rollups to their rows, creating missing ones, in one statement: counts and sums add, extremes combine
    /// by least and greatest, so batches give the same row in any order. The histograms travel as one flat
    /// array (row n is the n-th slice), since a parameter cannot be an array of arrays. Rows are written in
    /// (monitor_id, bucket_start, region) order, and written last in the caller's transaction (after the slot and
    /// status locks), so two batches never wait on each other's rollup rows in opposite orders.
    /// </summary>
    public static async Task UpsertAsync(NpgsqlConnection connection, IReadOnlyList<HourlyRollup> rollups, CancellationToken cancellationToken)
    {
        if (rollups.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(UpsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.MonitorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.BucketStart).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.Checks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.UpChecks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.LatencySumMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.LatencyMinMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.LatencyMaxMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.SelectMany(r => r.Histogram).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rollups.Select(r => r.Region).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        // Prepared once per pooled connection (Npgsql keeps it across opens), as it runs with every batch.
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
