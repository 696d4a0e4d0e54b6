using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Reads a monitor's results through their key (monitor, region, due time), newest first: the history route's pages,
/// each region's latest result, the result a status row names. <c>check_history</c> (<see cref="RecordedCheck"/>)
/// cannot be ordered and limited through the key, since its monitor and region are names joined on; so these read
/// <c>check_results</c> by number, one ordered, limited index read per region, and merge.
/// </summary>
public static class MonitorHistory
{
    /// <summary>
    /// The newest <paramref name="perRegion"/> results of each region (every region, or those named in
    /// <paramref name="regions"/>) due between <paramref name="from"/> and <paramref name="to"/> and after
    /// <paramref name="after"/> in the order (due time descending, region number), merged in that order and cut at
    /// <paramref name="total"/>. Each region's read walks its key backwards from the bound and stops after
    /// <paramref name="perRegion"/> rows, whatever the monitor's history holds; a deleted monitor has none.
    /// </summary>
    private static Task<List<StoredResult>> ReadAsync(
        SentinelDbContext db, Guid monitorId, IReadOnlyList<string>? regions, DateTime? from, DateTime? to, HistoryCursor? after,
        int perRegion, int total, CancellationToken ct)
    {
        var lower = from?.ToUniversalTime() ?? Unbounded(DateTime.MinValue);
        var upper = to?.ToUniversalTime() ?? Unbounded(DateTime.MaxValue);
        // Without a cursor every row is "after" one at +infinity.
        var afterAt = after?.ScheduledAt ?? Unbounded(DateTime.MaxValue);
        var afterRegion = after?.RegionNumber ?? short.MaxValue;
        if (afterAt < upper)
        {
            upper = afterAt;
        }

        var names = new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)regions?.ToArray() ?? DBNull.Value };
        return db.Database.SqlQuery<StoredResult>($"""
            SELECT m.id AS monitor_id, g.number AS region_number, g.name AS region, c.scheduled_at,
                   c.checked_after_ms, c.outcome, c.latency_ms, c.errors
            FROM monitors m
            CROSS JOIN (SELECT {names}::text[] AS names) wanted
            CROSS JOIN regions g
            CROSS JOIN LATERAL (
                SELECT r.scheduled_at, r.checked_after_ms, r.outcome, r.latency_ms, r.errors
                FROM check_results r
                WHERE r.monitor = m.number AND r.region = g.number
                  AND r.scheduled_at >= {lower} AND r.scheduled_at <= {upper}
                  AND (r.scheduled_at < {afterAt} OR g.number > {afterRegion})
                ORDER BY r.scheduled_at DESC
                LIMIT {perRegion}) c
            WHERE m.id = {monitorId} AND (wanted.names IS NULL OR g.name = ANY(wanted.names))
            ORDER BY c.scheduled_at DESC, g.number
            LIMIT {total}
            """).ToListAsync(ct);
    }

    /// <summary>A page of the monitor's results, newest due first, optionally from one <paramref name="region"/>.</summary>
    public static async Task<Page<CheckResultResponse>> PageAsync(
        SentinelDbContext db, Guid monitorId, DateTime? from, DateTime? to, HistoryCursor? after, int take, CancellationToken ct, string? region = null)
    {
        // One more than a page tells whether another follows.
        var rows = await ReadAsync(db, monitorId, region is null ? null : [region], from, to, after, take + 1, take + 1, ct);
        var items = rows.Take(take).Select(r => CheckResultResponse.From(r.ToRecordedCheck())).ToList();
        var next = rows.Count > take ? new HistoryCursor(rows[take - 1].ScheduledAt, rows[take - 1].RegionNumber).Encode() : null;
        return new Page<CheckResultResponse>(items, next);
    }

    /// <summary>The newest result of each of <paramref name="regions"/> that has one, in one query.</summary>
    public static async Task<Dictionary<string, RecordedCheck>> LatestByRegionAsync(
        SentinelDbContext db, Guid monitorId, IReadOnlyList<string> regions, CancellationToken ct) =>
        (await ReadAsync(db, monitorId, regions, null, null, null, 1, regions.Count, ct)).ToDictionary(r => r.Region, r => r.ToRecordedCheck());

    /// <summary>
    /// The results with the given check ids among each monitor's results due at the given time (a status row's last
    /// applied check), in one query of key lookups: ids a verdict of several regions carries match no stored result.
    /// </summary>
    public static async Task<Dictionary<Guid, RecordedCheck>> ChecksAsync(
        SentinelDbContext db, IReadOnlyCollection<(Guid MonitorId, DateTime ScheduledAt, Guid CheckId)> checks, CancellationToken ct)
    {
        if (checks.Count == 0)
        {
            return [];
        }

        var ids = checks.Select(c => c.MonitorId).ToArray();
        var times = checks.Select(c => c.ScheduledAt).ToArray();
        var rows = await db.Database.SqlQuery<StoredResult>($"""
            SELECT m.id AS monitor_id, g.number AS region_number, g.name AS region, r.scheduled_at,
                   r.checked_after_ms, r.outcome, r.latency_ms, r.errors
            FROM unnest({ids}, {times}) AS s(monitor_id, scheduled_at)
            JOIN monitors m ON m.id = s.monitor_id
            CROSS JOIN regions g
            JOIN check_results r ON r.monitor = m.number AND r.region = g.number AND r.scheduled_at = s.scheduled_at
            """).ToListAsync(ct);
        var wanted = checks.Select(c => c.CheckId).ToHashSet();
        return rows.Select(r => r.ToRecordedCheck()).Where(r => wanted.Contains(r.CheckId)).ToDictionary(r => r.CheckId);
    }

    /// <summary>Npgsql writes <see cref="DateTime.MinValue"/> and <see cref="DateTime.MaxValue"/> as -infinity and infinity.</summary>
    private static DateTime Unbounded(DateTime limit) => DateTime.SpecifyKind(limit, DateTimeKind.Utc);

    /// <summary>
    /// A <c>check_results</c> row with its monitor's id and region's name, as the reads above select it (in snake_case,
    /// as the model's naming convention maps this type too).
    /// </summary>
    private sealed class StoredResult
    {
        public Guid MonitorId { get; init; }
        public short RegionNumber { get; init; }
        public string Region { get; init; } = "";
        public DateTime ScheduledAt { get; init; }
        public int CheckedAfterMs { get; init; }
        public short Outcome { get; init; }
        public float LatencyMs { get; init; }
        public string[]? Errors { get; init; }

        /// <summary>The row as <c>check_history</c> shows it.</summary>
        public RecordedCheck ToRecordedCheck() => new()
        {
            MonitorId = MonitorId,
            Region = Region,
            ScheduledAt = ScheduledAt,
            CheckedAt = ScheduledAt.AddMilliseconds(CheckedAfterMs),
            Status = StoredOutcome.StatusOf(Outcome),
            Maintenance = StoredOutcome.InMaintenance(Outcome),
            StatusCode = StoredOutcome.StatusCodeOf(Outcome),
            LatencyMs = LatencyMs,
            Errors = Errors ?? [],
        };
    }
}
