using Microsoft.EntityFrameworkCore;
using Sentinel.Data;

namespace Sentinel.Api.Regions;

/// <summary>
/// Every declared region with its checkers, queue and monitors: what <c>GET /api/v1/regions</c> answers. A handful of
/// regions and their checkers are read whole; the monitors are counted in one pass over the table.
/// </summary>
public sealed class RegionOverview(SentinelDbContext db, RegionQueues queues, TimeProvider clock)
{
    /// <summary>
    /// A checker reported within this long counts as running: three of its reports at the default
    /// <c>Checker__HeartbeatSeconds</c> (10 s), so one or two late or lost reports do not count it out.
    /// </summary>
    public static readonly TimeSpan LiveCheckerWindow = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<RegionResponse>> ReadAsync(CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().ToListAsync(ct);
        var names = DeclaredRegions.InOrder(regions.Select(r => r.Name));
        var liveSince = clock.GetUtcNow().UtcDateTime - LiveCheckerWindow;
        var checkers = (await db.RegionCheckers.AsNoTracking()
                .GroupBy(c => c.Region)
                .Select(g => new
                {
                    Region = g.Key,
                    LastSeenAt = g.Max(c => c.LastSeenAt),
                    Live = g.Count(c => c.LastSeenAt >= liveSince),
                    WaitMs = g.Where(c => c.LastSeenAt >= liveSince).Max(c => c.QueueWaitMs),
                })
                .ToListAsync(ct))
            .ToDictionary(c => c.Region);
        var lost = (await db.RegionOutages.AsNoTracking().Where(o => o.EndedAt == null).Select(o => o.Region).ToListAsync(ct)).ToHashSet();
        var monitors = await db.Database
            .SqlQuery<RegionUse>($"SELECT region AS \"Region\", count(*) AS \"Monitors\" FROM monitors CROSS JOIN LATERAL unnest(regions) AS region GROUP BY region")
            .ToDictionaryAsync(u => u.Region, u => u.Monitors, ct);
        var queue = await queues.ReadAsync(names, ct);

        return names.Select(name =>
        {
            var region = regions.Single(r => r.Name == name);
            var seen = checkers.GetValueOrDefault(name);
            var state = lost.Contains(name) ? RegionState.Lost : seen is null ? RegionState.Unused : RegionState.Active;
            return new RegionResponse(
                name, region.IsDefault, state, seen?.Live ?? 0, seen?.LastSeenAt, queue[name],
                seen?.WaitMs is { } waitMs ? Math.Round(waitMs / 1000, 3) : null, monitors.GetValueOrDefault(name), region.CreatedAt);
        }).ToList();
    }

    private sealed record RegionUse(string Region, long Monitors);
}
