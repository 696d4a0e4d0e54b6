using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Dashboard.Monitors;

/// <summary>
/// One region of a monitor checked from several: its latest result (null before its first), and whether the region
/// is lost (every checker silent: an open outage), which explains a result that stopped coming.
/// </summary>
public sealed record RegionLatest(string Region, RecordedCheck? Latest, bool Lost);

/// <summary>The monitor page's "Regions" table.</summary>
public static class RegionResults
{
    /// <summary>"down when 2 of 3 regions fail".</summary>
    public static string Quorum(MonitorDefinition monitor) =>
        $"down when {monitor.Quorum} of {monitor.Regions.Count} regions fail";

    /// <summary>The latest result of each of <paramref name="monitor"/>'s regions, in the monitor's order.</summary>
    public static async Task<IReadOnlyList<RegionLatest>> ReadAsync(SentinelDbContext db, MonitorDefinition monitor, CancellationToken ct)
    {
        var regions = monitor.Regions;
        var lost = (await db.RegionOutages.AsNoTracking()
            .Where(o => o.EndedAt == null && regions.Contains(o.Region))
            .Select(o => o.Region)
            .ToListAsync(ct)).ToHashSet();
        var latest = await MonitorHistory.LatestByRegionAsync(db, monitor.Id, regions, ct);
        return regions.Select(region => new RegionLatest(region, latest.GetValueOrDefault(region), lost.Contains(region))).ToList();
    }
}
