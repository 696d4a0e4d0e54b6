using Microsoft.EntityFrameworkCore;
using Sentinel.Data;

namespace Sentinel.Api.Dashboard.Monitors;

/// <summary>One UTC hour of a monitor's checks, from its rollup; no checks when it has none.</summary>
public sealed record HourCell(DateTime Start, long Checks, long UpChecks)
{
    /// <summary>The bar's colour class: every check up, some down, or none at all.</summary>
    public string Class => Checks == 0 ? "none" : UpChecks == Checks ? "up" : "down";
}

/// <summary>The overview's 24-hour bars: the last 24 UTC hours of each monitor, the current one last.</summary>
public static class DayBar
{
    public const int Hours = 24;

    /// <summary>The bars of <paramref name="monitorIds"/> (a page of them) in one query over the rollups' key.</summary>
    public static async Task<Dictionary<Guid, HourCell[]>> ReadAsync(SentinelDbContext db, IReadOnlyCollection<Guid> monitorIds, DateTime now, CancellationToken ct)
    {
        var first = CheckRollup.HourOf(now).AddHours(1 - Hours);
        var rollups = await db.CheckRollups.AsNoTracking()
            .Where(r => monitorIds.Contains(r.MonitorId) && r.BucketStart >= first && r.BucketStart <= now)
            .Select(r => new { r.MonitorId, r.BucketStart, r.Checks, r.UpChecks })
            .ToListAsync(ct);
        var byMonitor = rollups.ToLookup(r => r.MonitorId);
        return monitorIds.ToDictionary(id => id, id =>
        {
            var cells = Enumerable.Range(0, Hours).Select(i => new HourCell(first.AddHours(i), 0, 0)).ToArray();
            // One rollup per region and hour: a monitor checked from several regions sums them.
            foreach (var r in byMonitor[id])
            {
                var i = (int)(r.BucketStart - first).TotalHours;
                cells[i] = cells[i] with { Checks = cells[i].Checks + r.Checks, UpChecks = cells[i].UpChecks + r.UpChecks };
            }

            return cells;
        });
    }
}
