using Microsoft.EntityFrameworkCore;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Noise;

/// <summary>
/// Turns a flapping monitor's stream of DOWN and UP notices into two: one when it starts flapping
/// (<see cref="FlappingRule.IsFlapping"/>), one when it has settled (no change for its flapping minutes).
/// Only changes into or out of down count towards flapping; once flapping, every change (degraded ones too) waits for
/// the settled notice, which names the state it settled in (up, degraded or down).
/// </summary>
/// <remarks>
/// A flapping time is a <see cref="FlappingPeriod"/> row, at most one open per monitor (a unique index), recorded or
/// closed by a conditional write in the same transaction as its deliveries, so of several alerter replicas (or a
/// redelivered transition) exactly one records it and its notices; the <see cref="DeliveryRunner"/> sends them once.
/// Whether a transition is swallowed depends only on stored facts (the transitions up to it, the periods covering its
/// time), so a redelivery is judged as the first delivery was.
/// </remarks>
public sealed class FlappingNotices(
    IDbContextFactory<SentinelDbContext> contexts, NotificationPlanner planner, DeliveryRunner runner, ILogger<FlappingNotices> logger)
{
    /// <summary>
    /// Judges <paramref name="transition"/> of <paramref name="monitor"/>: true when it falls in a flapping time (its
    /// own notice is not sent), after recording and starting the "flapping" notice if this transition began it.
    /// </summary>
    public async Task<(bool Swallowed, List<Task> Started)> JudgeAsync(
        MonitorDefinition monitor, StatusTransition transition, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var at = transition.ChangedAt;
        if (await db.FlappingPeriods.AnyAsync(p => p.MonitorId == monitor.Id && p.StartedAt <= at && (p.EndedAt == null || p.EndedAt > at), cancellationToken))
        {
            return (true, []);
        }

        if (monitor.FlappingChanges <= 0)
        {
            return (false, []);
        }

        var changes = await db.StatusTransitions.AsNoTracking()
            // A first result (from pending) is no change between up and down. Nor is one between up and degraded: a
            // channel that is not told of degraded counts both as up, and would hear of flapping it never saw.
            .Where(t => t.MonitorId == monitor.Id && !t.Maintenance && t.PreviousState != MonitorState.Pending && t.ChangedAt <= at
                && (t.State == MonitorState.Down || t.PreviousState == MonitorState.Down))
            .OrderByDescending(t => t.ChangedAt)
            .Take(monitor.FlappingChanges + 1)
            .Select(t => t.ChangedAt)
            .ToListAsync(cancellationToken);
        if (!FlappingRule.IsFlapping(changes, monitor.FlappingChanges, monitor.FlappingMinutes))
        {
            return (false, []);
        }

        var period = new FlappingPeriod
        {
            Id = Guid.CreateVersion7(), MonitorId = monitor.Id, StartedAt = at, Changes = changes.Count, Minutes = monitor.FlappingMinutes,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conflicts with the monitor's open period if another alerter recorded one first: then it covers this change too.
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO flapping_periods (id, monitor_id, started_at, changes, minutes)
            VALUES ({period.Id}, {period.MonitorId}, {period.StartedAt}, {period.Changes}, {period.Minutes})
            ON CONFLICT (monitor_id) WHERE ended_at IS NULL DO NOTHING
            """, cancellationToken);
        if (recorded == 0)
        {
            return (true, []);
        }

        logger.LogInformation("Monitor {Monitor} is flapping: {Changes} changes within {Minutes} minutes", monitor.Name, period.Changes, period.Minutes);
        return (true, await NotifyAsync(db, monitor, period, NotificationKind.FlappingStarted, cancellationToken));
    }

    /// <summary>
    /// One look for flapping monitors that have settled (no change for their period's minutes): closes each period,
    /// with the state it settled in, and starts its "settled" notice, without waiting for it.
    /// </summary>
    public async Task<List<Task>> SettleAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.FlappingPeriods.AsNoTracking()
            .Where(p => p.EndedAt == null)
            .Select(p => new
            {
                Period = p,
                Last = db.StatusTransitions.Where(t => t.MonitorId == p.MonitorId && !t.Maintenance)
                    .OrderByDescending(t => t.ChangedAt).Select(t => new { t.ChangedAt, t.State }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var started = new List<Task>();
        var now = DateTime.UtcNow;
        foreach (var row in open.Where(r => r.Last is not null && FlappingRule.SettlesAt(r.Last.ChangedAt, r.Period.Minutes) <= now))
        {
            var period = row.Period;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Re-checked under the row lock: of two alerters settling the same period, the second finds it closed.
            var closed = await db.FlappingPeriods.Where(p => p.Id == period.Id && p.EndedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.EndedAt, now)
                .SetProperty(p => p.SettledState, row.Last!.State), cancellationToken);
            var monitor = closed == 1 ? await db.Monitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == period.MonitorId, cancellationToken) : null;
            if (monitor is null)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            period.EndedAt = now;
            period.SettledState = row.Last!.State;
            logger.LogInformation("Monitor {Monitor} settled {State} after flapping", monitor.Name, period.SettledState);
            started.AddRange(await NotifyAsync(db, monitor, period, NotificationKind.FlappingSettled, cancellationToken));
        }

        return started;
    }

    /// <summary>Records a delivery per channel of the monitor in the caller's transaction, commits, and starts them.</summary>
    private async Task<List<Task>> NotifyAsync(
        SentinelDbContext db, MonitorDefinition monitor, FlappingPeriod period, NotificationKind kind, CancellationToken cancellationToken)
    {
        var channels = await planner.ChannelsForAsync(monitor, cancellationToken);
        var notification = await NotificationPlanner.FlappingNotificationAsync(db, monitor, period, kind, cancellationToken);
        return await runner.CommitAndStartAsync(db, period.Id, kind, channels, notification, cancellationToken, monitor.Id);
    }
}
