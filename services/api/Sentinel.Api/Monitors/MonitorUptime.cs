using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>
/// A monitor's uptime, latency and down periods over a window, from its rollups and its transitions: what
/// <c>GET /api/v1/monitors/{id}/uptime</c> answers and the dashboard's monitor page shows.
/// </summary>
public static class MonitorUptime
{
    public const string DefaultWindow = "24h";

    public static IReadOnlyDictionary<string, TimeSpan> Windows { get; } = new Dictionary<string, TimeSpan>
    {
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
        ["90d"] = TimeSpan.FromDays(90),
    };

    /// <summary>
    /// Sums a monitor's rollups in one pass and returns one row: its hourly rollups from where they are still kept
    /// (<see cref="HourlyFrom"/>), its daily rollups before that, so 90 days are 2,160 rows whatever the check interval
    /// and a year past the hourly retention 365 more. Plain Npgsql because the histogram is summed element by element,
    /// one <c>sum(latency_histogram[k])</c> per bucket, which LINQ cannot say; summing on the server sends one row
    /// instead of thousands of arrays. The window's smallest and largest latency are known only if every hour or day in
    /// it knows its own (older rollups do not).
    /// </summary>
    private static readonly string RollupSql = $"""
        WITH rollups AS (
            SELECT checks, up_checks, latency_sum_ms, latency_histogram, latency_min_ms, latency_max_ms
            FROM check_rollups
            WHERE monitor_id = $1 AND bucket_start >= greatest($2, $5) AND bucket_start <= $3 AND ($4::text IS NULL OR region = $4)
            UNION ALL
            SELECT checks, up_checks, latency_sum_ms, latency_histogram, latency_min_ms, latency_max_ms
            FROM check_rollups_daily
            WHERE monitor_id = $1 AND day >= $2 AND day < $5 AND day <= $3 AND ($4::text IS NULL OR region = $4))
        SELECT coalesce(sum(checks), 0), coalesce(sum(up_checks), 0), coalesce(sum(latency_sum_ms), 0),
               ARRAY[{string.Join(", ", Enumerable.Range(1, LatencyHistogram.BucketCount).Select(k => $"coalesce(sum(latency_histogram[{k}]), 0)"))}],
               CASE WHEN count(latency_min_ms) = count(*) THEN min(latency_min_ms) END,
               CASE WHEN count(latency_max_ms) = count(*) THEN max(latency_max_ms) END
        FROM rollups
        """;

    /// <summary>
    /// The first hour sure to still have its hourly rollup at <paramref name="now"/>: the start of the day after the one
    /// the hourly retention ends in (housekeeping may have dropped that day's first hours). Earlier times are read from
    /// daily rollups, a whole UTC day at a time.
    /// </summary>
    public static DateTime HourlyFrom(RetentionOptions retention, DateTime now) =>
        DailyRollup.DayOf(now.AddDays(-retention.HourlyRollupDays)).AddDays(1);

    /// <summary>Now, by the clock the app was given (tests stop it), else the system's.</summary>
    public static DateTime Now(IServiceProvider services) => (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>
    /// The window <paramref name="window"/> (a key of <see cref="Windows"/>) up to <paramref name="now"/>; rollups are
    /// per UTC hour, so it starts at the beginning of the hour it would start in.
    /// </summary>
    public static DateTime WindowStart(string window, DateTime now) => CheckRollup.HourOf(now - Windows[window]);

    /// <summary>
    /// The monitor's uptime over <paramref name="window"/> (a key of <see cref="Windows"/>) up to <paramref name="now"/>:
    /// the checks of every region it is checked from (a rollup is one region's hour), or of <paramref name="region"/>
    /// only. Down periods are the monitor's, which its regions decide together.
    /// </summary>
    public static Task<UptimeResponse> ReadAsync(
        SentinelDbContext db, NpgsqlDataSource dataSource, RetentionOptions retention, Guid id, string window, DateTime now, CancellationToken ct,
        string? region = null) =>
        ReadAsync(db, dataSource, retention, id, window, WindowStart(window, now), now, now, ct, region);

    /// <summary>
    /// The monitor's uptime from <paramref name="from"/> to <paramref name="to"/> (at most <paramref name="now"/>):
    /// by the hour where hourly rollups are kept, by the UTC day before (<see cref="HourlyFrom"/>), so the window
    /// starts at the beginning of the hour or day <paramref name="from"/> falls in.
    /// </summary>
    public static Task<UptimeResponse> ReadBetweenAsync(
        SentinelDbContext db, NpgsqlDataSource dataSource, RetentionOptions retention, Guid id, DateTime from, DateTime to, DateTime now,
        CancellationToken ct, string? region = null) =>
        ReadAsync(db, dataSource, retention, id, null, from, to < now ? to : now, now, ct, region);

    private static async Task<UptimeResponse> ReadAsync(
        SentinelDbContext db, NpgsqlDataSource dataSource, RetentionOptions retention, Guid id, string? window, DateTime start, DateTime to,
        DateTime now, CancellationToken ct, string? region)
    {
        var hourlyFrom = HourlyFrom(retention, now);
        var from = start < hourlyFrom ? DailyRollup.DayOf(start) : CheckRollup.HourOf(start);
        var (checks, upChecks, latencySumMs, histogram, latencyMinMs, latencyMaxMs) = await SumRollupsAsync(dataSource, id, region, from, to, hourlyFrom, ct);
        var incidents = await IncidentsAsync(db, id, from, to, ct);
        return new UptimeResponse(
            id,
            window,
            region,
            from,
            to,
            checks == 0 ? null : 100.0 * upChecks / checks,
            checks,
            upChecks,
            checks == 0 ? null : Math.Round(latencySumMs / checks, 2),
            LatencyHistogram.Percentile(histogram, 0.95, latencyMinMs, latencyMaxMs) is { } p95 ? Math.Round(p95, 2) : null,
            incidents);
    }

    private static async Task<(long Checks, long UpChecks, double LatencySumMs, long[] Histogram, double? LatencyMinMs, double? LatencyMaxMs)> SumRollupsAsync(
        NpgsqlDataSource dataSource, Guid monitorId, string? region, DateTime from, DateTime to, DateTime hourlyFrom, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(RollupSql);
        command.Parameters.Add(new NpgsqlParameter { Value = monitorId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = region, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = hourlyFrom });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetFieldValue<long[]>(3),
            reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5));
    }

    /// <summary>
    /// Down periods overlapping the window, oldest first, from the recorder's transitions: the last one before the
    /// window says whether it opens down; one still open at the end is ongoing. Transitions made in maintenance are
    /// left out, as their results are of the rollups: a monitor still down when a window ends is down from then on.
    /// </summary>
    private static async Task<List<IncidentResponse>> IncidentsAsync(SentinelDbContext db, Guid monitorId, DateTime from, DateTime to, CancellationToken ct)
    {
        var before = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitorId && !t.Maintenance && t.ChangedAt < from)
            .OrderByDescending(t => t.ChangedAt).ThenByDescending(t => t.Id)
            .Select(t => (MonitorState?)t.State)
            .FirstOrDefaultAsync(ct);
        var changes = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitorId && !t.Maintenance && t.ChangedAt >= from && t.ChangedAt <= to)
            .OrderBy(t => t.ChangedAt).ThenBy(t => t.Id)
            .Select(t => new { t.ChangedAt, t.State })
            .ToListAsync(ct);

        return DownPeriods(before, changes.Select(c => (c.ChangedAt, c.State)), from)
            .Select(p => new IncidentResponse(p.Start, p.End, ((p.End ?? to) - p.Start).TotalSeconds))
            .ToList();
    }

    /// <summary>
    /// The down periods from <paramref name="from"/> on, oldest first, from a monitor's transitions since then (oldest
    /// first) and the state of the last one before it; a period still open has no end.
    /// </summary>
    public static List<(DateTime Start, DateTime? End)> DownPeriods(
        MonitorState? before, IEnumerable<(DateTime ChangedAt, MonitorState State)> changes, DateTime from)
    {
        var periods = new List<(DateTime Start, DateTime? End)>();
        DateTime? downSince = before == MonitorState.Down ? from : null;
        foreach (var change in changes)
        {
            if (change.State == MonitorState.Down)
            {
                downSince ??= change.ChangedAt;
            }
            else if (downSince is { } start)
            {
                periods.Add((start, change.ChangedAt));
                downSince = null;
            }
        }

        if (downSince is { } ongoing)
        {
            periods.Add((ongoing, null));
        }

        return periods;
    }
}
