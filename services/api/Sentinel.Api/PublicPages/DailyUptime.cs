using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Monitors;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// One UTC day of a monitor: its checks from the hourly rollups (results in a maintenance window are in none), and
/// the minutes it spent down by its transitions, clipped to the day.
/// </summary>
public sealed record UptimeDay(DateTime Date, long Checks, long UpChecks, double DownMinutes)
{
    public double? UptimePercent => Checks == 0 ? null : 100.0 * UpChecks / Checks;

    /// <summary>The bar's colour band: no data, all up, a little down (≥ 99 %), partly down (≥ 95 %), mostly down.</summary>
    public string Band => UptimePercent switch
    {
        null => "none",
        >= 100 => "full",
        >= 99 => "minor",
        >= 95 => "partial",
        _ => "major",
    };

    /// <summary>"2026-11-30: 99.93 % up, 1 min down", or "2026-11-30: No data".</summary>
    public string Title => $"{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: "
        + (UptimePercent is { } up ? $"{Dashboard.Display.Percent(up)} up, {Math.Round(DownMinutes).ToString(CultureInfo.InvariantCulture)} min down" : "No data");
}

/// <summary>The status pages' 90-day bars: every listed monitor's days at once.</summary>
public static class DailyUptime
{
    /// <summary>
    /// The rollups summed per monitor and UTC day on the server: 200 monitors over 90 days are 432,000 hourly rows but
    /// 18,000 sums. Plain Npgsql because the grouping by a truncated timestamp is clearer in SQL than in LINQ.
    /// </summary>
    private const string DaysSql = """
        SELECT monitor_id, date_trunc('day', bucket_start AT TIME ZONE 'UTC'), sum(checks), sum(up_checks)
        FROM check_rollups
        WHERE monitor_id = ANY($1) AND bucket_start >= $2 AND bucket_start <= $3
        GROUP BY 1, 2
        """;

    /// <summary>From <paramref name="firstDay"/> (midnight UTC) to the day of <paramref name="now"/>, one entry a day per monitor.</summary>
    public static async Task<Dictionary<Guid, UptimeDay[]>> ReadAsync(
        SentinelDbContext db, NpgsqlDataSource dataSource, Guid[] monitorIds, DateTime firstDay, DateTime now, CancellationToken ct)
    {
        var dayCount = (int)(now.Date - firstDay).TotalDays + 1;
        var checks = new Dictionary<(Guid, int), (long Checks, long Up)>();
        await using (var command = dataSource.CreateCommand(DaysSql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = monitorIds });
            command.Parameters.Add(new NpgsqlParameter { Value = firstDay });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var day = (int)(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc) - firstDay).TotalDays;
                checks[(reader.GetGuid(0), day)] = (reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var downMinutes = await DownMinutesAsync(db, monitorIds, firstDay, now, dayCount, ct);
        return monitorIds.ToDictionary(id => id, id => Enumerable.Range(0, dayCount).Select(d =>
        {
            var (n, up) = checks.GetValueOrDefault((id, d));
            return new UptimeDay(firstDay.AddDays(d), n, up, downMinutes.TryGetValue(id, out var minutes) ? minutes[d] : 0);
        }).ToArray());
    }

    /// <summary>Minutes down per day, from the down periods the transitions make (<see cref="MonitorUptime.DownPeriods"/>).</summary>
    private static async Task<Dictionary<Guid, double[]>> DownMinutesAsync(
        SentinelDbContext db, Guid[] monitorIds, DateTime from, DateTime now, int dayCount, CancellationToken ct)
    {
        var before = await db.StatusTransitions.AsNoTracking()
            .Where(t => monitorIds.Contains(t.MonitorId) && t.ChangedAt < from)
            .GroupBy(t => t.MonitorId)
            .Select(g => g.OrderByDescending(t => t.ChangedAt).ThenByDescending(t => t.Id).Select(t => new { t.MonitorId, t.State }).First())
            .ToDictionaryAsync(t => t.MonitorId, t => t.State, ct);
        var changes = (await db.StatusTransitions.AsNoTracking()
                .Where(t => monitorIds.Contains(t.MonitorId) && t.ChangedAt >= from && t.ChangedAt <= now)
                .OrderBy(t => t.ChangedAt).ThenBy(t => t.Id)
                .Select(t => new { t.MonitorId, t.ChangedAt, t.State })
                .ToListAsync(ct))
            .ToLookup(t => t.MonitorId);

        var result = new Dictionary<Guid, double[]>();
        foreach (var id in monitorIds)
        {
            var periods = MonitorUptime.DownPeriods(
                before.TryGetValue(id, out var state) ? state : null, changes[id].Select(c => (c.ChangedAt, c.State)), from);
            if (periods.Count == 0)
            {
                continue;
            }

            var minutes = new double[dayCount];
            foreach (var (start, end) in periods)
            {
                var stop = end ?? now;
                for (var day = start.Date; day < stop; day = day.AddDays(1))
                {
                    var index = (int)(day - from).TotalDays;
                    var clipped = (stop < day.AddDays(1) ? stop : day.AddDays(1)) - (start > day ? start : day);
                    if (index >= 0 && index < dayCount)
                    {
                        minutes[index] += clipped.TotalMinutes;
                    }
                }
            }

            result[id] = minutes;
        }

        return result;
    }
}
