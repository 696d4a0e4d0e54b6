using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>
/// A check result as the recorder would have stored it, named by monitor id and region name: <see cref="AddAsync"/>
/// writes it to <c>check_results</c> under the monitor's and region's numbers, which only the database knows.
/// </summary>
/// <param name="CheckedAt">When the probe started; the due time when null.</param>
public sealed record StoredResult(
    Guid MonitorId, DateTime ScheduledAt, CheckStatus Status, double LatencyMs = 10, int? StatusCode = null, string[]? Errors = null,
    string Region = RegionNames.Default, bool Maintenance = false, DateTime? CheckedAt = null)
{
    /// <summary>To the microsecond, as timestamptz keeps it, so that <see cref="CheckId"/> is the one the api reads back.</summary>
    public DateTime ScheduledAt { get; init; } = new(ScheduledAt.Ticks - ScheduledAt.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);

    /// <summary>The id the api shows for it: its slot's, as the scheduler gave it.</summary>
    public Guid CheckId => SlotCheckId.For(MonitorId, ScheduledAt, Region);

    public static async Task AddAsync(SentinelDbContext db, IEnumerable<StoredResult> results)
    {
        foreach (var r in results)
        {
            var checkedAfterMs = (int)Math.Round(((r.CheckedAt ?? r.ScheduledAt) - r.ScheduledAt).TotalMilliseconds);
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO check_results (scheduled_at, monitor, latency_ms, checked_after_ms, region, outcome, errors)
                SELECT {r.ScheduledAt}, m.number, {(float)r.LatencyMs}, {checkedAfterMs}, g.number,
                       {StoredOutcome.Of(r.Status, r.Maintenance, r.StatusCode)}, {(r.Errors is { Length: > 0 } ? r.Errors : null)}::text[]
                FROM monitors m, regions g WHERE m.id = {r.MonitorId} AND g.name = {r.Region}
                """);
            if (inserted != 1)
            {
                throw new InvalidOperationException($"No monitor {r.MonitorId} or no region {r.Region} to store a result of.");
            }
        }
    }

    public static async Task AddAsync(TestDatabase database, params StoredResult[] results)
    {
        await using var db = database.CreateDbContext();
        await AddAsync(db, results);
    }
}
