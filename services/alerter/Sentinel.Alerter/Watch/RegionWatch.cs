using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Data;

namespace Sentinel.Alerter.Watch;

/// <summary>
/// Tells the default channels when a region is lost: every checker of a declared region has been silent (no
/// <c>CheckerSeen</c> recorded in <c>region_checkers</c>) for <see cref="AlerterOptions.RegionLostAfterSeconds"/>, and
/// again when one of its checkers is heard from. A region that never had a checker is unused, not lost. A lost region
/// changes no monitor's state: the recorder counts a region that does not answer as unknown, never as down.
/// </summary>
/// <remarks>
/// The mirror of <see cref="CheckingWatch"/>, per region: every alerter replica watches; an outage is a
/// <see cref="RegionOutage"/> row, at most one open per region (a unique index), recorded or closed by a conditional
/// write in the same transaction as its deliveries, so the replica whose write lost records nothing and each loss and
/// each return is told once.
/// </remarks>
public sealed class RegionWatch(
    NpgsqlDataSource dataSource, IDbContextFactory<SentinelDbContext> contexts, DeliveryRunner runner,
    IOptions<AlerterOptions> options, ILogger<RegionWatch> logger)
    : PeriodicDeliveries(TimeSpan.FromSeconds(options.Value.RegionWatchIntervalSeconds), logger)
{
    private static readonly Gauge Lost = Metrics.CreateGauge(
        "sentinel_regions_lost",
        "Declared regions whose every checker has been silent for Alerter__RegionLostAfterSeconds.");

    // Each declared region that has had a checker, with when its last checker was last heard from. Regions are few
    // (one row each), checkers a handful per region: read whole, on the (region, last_seen_at) index.
    private const string LastSeenSql = """
        SELECT r.name, max(c.last_seen_at), now()
        FROM regions r JOIN region_checkers c ON c.region = r.name
        GROUP BY r.name
        """;

    protected override string What => "Region watch";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Exported from the start, not only after the first look: a rule on a series that is missing says nothing.
        Lost.Set(0);
        return base.StartAsync(cancellationToken);
    }

    protected override Task<List<Task>> LookAsync(CancellationToken cancellationToken) => WatchAsync(cancellationToken);

    /// <summary>
    /// One look: records each region lost or back if this replica is the one to see it first, and returns the
    /// deliveries it started, without waiting for them.
    /// </summary>
    public async Task<List<Task>> WatchAsync(CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(options.Value.RegionLostAfterSeconds);
        var regions = new List<(string Name, DateTime LastSeen, DateTime Now)>();
        await using (var command = dataSource.CreateCommand(LastSeenSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                regions.Add((reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2)));
            }
        }

        var started = new List<Task>();
        var lost = 0;
        foreach (var (name, lastSeen, now) in regions)
        {
            if (lastSeen < now - limit)
            {
                lost++;
                started.AddRange(await StartOutageAsync(new RegionOutage
                {
                    Id = Guid.CreateVersion7(), Region = name, QuietSince = lastSeen, StartedAt = now,
                }, cancellationToken));
            }
            else
            {
                started.AddRange(await EndOutageAsync(name, now, cancellationToken));
            }
        }

        Lost.Set(lost);
        return started;
    }

    private async Task<List<Task>> StartOutageAsync(RegionOutage outage, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conflicts with the region's open outage if there is one (this replica's or another's): then nothing is new.
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO region_outages (id, region, quiet_since, started_at)
            VALUES ({outage.Id}, {outage.Region}, {outage.QuietSince}, {outage.StartedAt})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (recorded == 0)
        {
            return [];
        }

        var notification = NotificationPlanner.RegionNotification(outage, NotificationKind.RegionLost);
        logger.LogError("Region {Region} lost: {Reason}", outage.Region, notification.Error);
        return await runner.CommitAndTellDefaultChannelsAsync(db, outage.Id, NotificationKind.RegionLost, notification, cancellationToken);
    }

    private async Task<List<Task>> EndOutageAsync(string region, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Row-locked and re-checked: of two replicas closing the same outage, the second finds it closed.
        var ended = await db.Database.SqlQuery<Guid>($"""
            UPDATE region_outages SET ended_at = {now} WHERE region = {region} AND ended_at IS NULL RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        if (ended.Count == 0)
        {
            return [];
        }

        var outage = await db.RegionOutages.AsNoTracking().SingleAsync(o => o.Id == ended[0], cancellationToken);
        var notification = NotificationPlanner.RegionNotification(outage, NotificationKind.RegionBack);
        logger.LogWarning("Region {Region} is checking again after {Duration} without a checker", region, Notification.Duration(now - outage.QuietSince));
        return await runner.CommitAndTellDefaultChannelsAsync(db, outage.Id, NotificationKind.RegionBack, notification, cancellationToken);
    }
}
