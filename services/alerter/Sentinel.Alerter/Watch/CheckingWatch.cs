using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;
using Sentinel.Alerter.Deliveries;
using Sentinel.Checks;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Watch;

/// <summary>
/// Watches the watcher: tells the default channels when monitors are due but no result has been recorded for
/// <see cref="AlerterOptions.NotCheckingAfterSeconds"/> (the scheduler, the broker, the checkers or the recorder
/// stalled), and again when results are recorded again. It reads only PostgreSQL, never the broker, since the broker
/// may be what stalled.
/// </summary>
/// <remarks>
/// Every alerter replica watches. Exactly one notice per outage and one per recovery comes from the database: an
/// outage is a <see cref="CheckingOutage"/> row, at most one open (a unique index), recorded or closed by a
/// conditional write in the same transaction as its deliveries; the replica whose write lost records nothing. The
/// deliveries then go through the <see cref="DeliveryRunner"/> like a monitor's (retries, backoff, the sweep's
/// resumption after a crash, exactly-once claims).
/// </remarks>
public sealed class CheckingWatch(
    NpgsqlDataSource dataSource, IDbContextFactory<SentinelDbContext> contexts, DeliveryRunner runner,
    IOptions<AlerterOptions> options, ILogger<CheckingWatch> logger)
    : PeriodicDeliveries(TimeSpan.FromSeconds(options.Value.CheckingWatchIntervalSeconds), logger)
{
    private static readonly Gauge Overdue = Metrics.CreateGauge(
        "sentinel_monitors_overdue",
        "Enabled monitors (heartbeats aside) with no result recorded for their interval plus Alerter__NotCheckingAfterSeconds.");

    // A monitor is overdue when nothing was recorded for it, since its last result or its last change (the api
    // makes a changed monitor due at once), for its interval plus the limit: a daily check is not overdue after
    // five quiet minutes, and a fresh install without monitors has none. Heartbeats are left out: their results
    // wait on pings from outside. Sentinel is not checking when some monitor is overdue and the newest result of
    // any monitor is older than the limit; one monitor stuck while others are recorded is that monitor's problem,
    // which its own status shows.
    private static readonly string OverdueSql = $"""
        SELECT count(*) FILTER (WHERE greatest(s.last_checked_at, m.updated_at) < now() - make_interval(secs => m.interval_seconds + @limit)),
               max(s.last_checked_at),
               min(m.updated_at) FILTER (WHERE greatest(s.last_checked_at, m.updated_at) < now() - make_interval(secs => m.interval_seconds + @limit)),
               now()
        FROM monitors m LEFT JOIN monitor_status s ON s.monitor_id = m.id
        WHERE m.enabled AND m.kind <> '{CheckKinds.Heartbeat.Name}'
        """;

    protected override string What => "Checking watch";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Exported from the start (no monitor known overdue yet), not only after the first look: a rule on a series
        // that is missing says nothing.
        Overdue.Set(0);
        return base.StartAsync(cancellationToken);
    }

    protected override Task<List<Task>> LookAsync(CancellationToken cancellationToken) => WatchAsync(cancellationToken);

    /// <summary>
    /// One look: records an outage or its end if this replica is the one to see it first, and returns the
    /// deliveries it started, without waiting for them.
    /// </summary>
    public async Task<List<Task>> WatchAsync(CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(options.Value.NotCheckingAfterSeconds);
        int overdue;
        DateTime? lastRecorded, oldestOverdueChange;
        DateTime now;
        await using (var command = dataSource.CreateCommand(OverdueSql))
        {
            command.Parameters.AddWithValue("limit", (double)limit.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            overdue = (int)reader.GetInt64(0);
            lastRecorded = reader.IsDBNull(1) ? null : reader.GetDateTime(1);
            oldestOverdueChange = reader.IsDBNull(2) ? null : reader.GetDateTime(2);
            now = reader.GetDateTime(3);
        }

        Overdue.Set(overdue);
        var notChecking = overdue > 0 && (lastRecorded is null || lastRecorded < now - limit);
        return notChecking
            ? await StartOutageAsync(new CheckingOutage
            {
                Id = Guid.CreateVersion7(),
                QuietSince = lastRecorded ?? oldestOverdueChange!.Value,
                StartedAt = now,
                OverdueMonitors = overdue,
            }, cancellationToken)
            : await EndOutageAsync(now, cancellationToken);
    }

    private async Task<List<Task>> StartOutageAsync(CheckingOutage outage, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conflicts with the open outage if there is one (this replica's or another's): then nothing is new.
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO checking_outages (id, quiet_since, started_at, overdue_monitors)
            VALUES ({outage.Id}, {outage.QuietSince}, {outage.StartedAt}, {outage.OverdueMonitors})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (recorded == 0)
        {
            return [];
        }

        var notification = NotificationPlanner.OutageNotification(outage, NotificationKind.NotChecking);
        logger.LogError("Sentinel is not checking: {Reason}", notification.Error);
        return await runner.CommitAndTellDefaultChannelsAsync(db, outage.Id, NotificationKind.NotChecking, notification, cancellationToken);
    }

    private async Task<List<Task>> EndOutageAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Row-locked and re-checked: of two replicas closing the same outage, the second finds it closed.
        var ended = await db.Database.SqlQuery<Guid>($"""
            UPDATE checking_outages SET ended_at = {now} WHERE ended_at IS NULL RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        if (ended.Count == 0)
        {
            return [];
        }

        var outage = await db.CheckingOutages.AsNoTracking().SingleAsync(o => o.Id == ended[0], cancellationToken);
        var notification = NotificationPlanner.OutageNotification(outage, NotificationKind.CheckingAgain);
        logger.LogWarning("Sentinel is checking again after {Duration} without results", Notification.Duration(now - outage.QuietSince));
        return await runner.CommitAndTellDefaultChannelsAsync(db, outage.Id, NotificationKind.CheckingAgain, notification, cancellationToken);
    }
}
