using Microsoft.EntityFrameworkCore;
using Sentinel.Data;

namespace Sentinel.Api.Dashboard.Monitors;

/// <summary>
/// One region of a monitor checked from several: its latest result (null before its first), and whether the region
/// is lost (every checker silent: an open outage), which explains a result that stopped coming.
/// </summary>
public sealed record RegionLatest(string Region, CheckResult? Latest, bool Lost);

/// <summary>The monitor page's "Regions" table.</summary>
public static class RegionResults
{
    /// <summary>"down when 2 of 3 regions fail".</summary>
    public static string Quorum(MonitorDefinition monitor) =>
        $"down when {monitor.Quorum} of {monitor.Regions.Count} regions fail";

    /// <summary>
    /// The latest result of each of <paramref name="monitor"/>'s regions, in the monitor's order: one short read each
    /// down the (monitor, checked at) index, since a monitor has at most 16 regions and they take turns in its history.
    /// </summary>
    public static async Task<IReadOnlyList<RegionLatest>> ReadAsync(SentinelDbContext db, MonitorDefinition monitor, CancellationToken ct)
    {
        var regions = monitor.Regions;
        var lost = (await db.RegionOutages.AsNoTracking()
            .Where(o => o.EndedAt == null && regions.Contains(o.Region))
            .Select(o => o.Region)
            .ToListAsync(ct)).ToHashSet();
        var rows = new List<RegionLatest>(regions.Count);
        foreach (var region in regions)
        {
            var latest = await db.CheckResults.AsNoTracking()
                .Where(r => r.MonitorId == monitor.Id && r.Region == region)
                .OrderByDescending(r => r.CheckedAt).ThenByDescending(r => r.CheckId)
                .FirstOrDefaultAsync(ct);
            rows.Add(new RegionLatest(region, latest, lost.Contains(region)));
        }

        return rows;
    }
}
