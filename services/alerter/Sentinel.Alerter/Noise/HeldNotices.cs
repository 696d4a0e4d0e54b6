using Microsoft.EntityFrameworkCore;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Noise;

/// <summary>
/// Holds a child monitor's DOWN notice while a monitor it depends on is down (<see cref="HoldRule"/>), releases it
/// when the child is still down after the parent recovered, and withholds it, and the child's UP notice, when the
/// child recovered first.
/// </summary>
/// <remarks>
/// Held notices are deliveries like any other (keyed, so recorded once), in state <see cref="DeliveryState.Held"/>,
/// which no alerter claims. Each sweep judges them again from stored facts; release and withholding are conditional
/// updates from Held, so of two alerters, or of the sweep and a recovery, exactly one decides a delivery's fate, and a
/// crash between a release and its send leaves a pending delivery the sweep resumes.
/// </remarks>
public sealed class HeldNotices(IDbContextFactory<SentinelDbContext> contexts, NotificationPlanner planner, DeliveryRunner runner)
{
    /// <summary>The decision for the DOWN <paramref name="transition"/> of <paramref name="monitor"/> now.</summary>
    public async Task<(HoldDecision Decision, string? Reason)> DecideAsync(MonitorDefinition monitor, StatusTransition transition, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitor.Id)
            .OrderByDescending(t => t.ChangedAt).ThenByDescending(t => t.Id)
            .Select(t => t.Id)
            .FirstAsync(cancellationToken);
        var status = await db.MonitorStatuses.AsNoTracking().SingleOrDefaultAsync(s => s.MonitorId == monitor.Id, cancellationToken);
        var child = new ChildView(
            transition.ChangedAt,
            StillDown: latest == transition.Id && status?.State != MonitorState.Up,
            LastCheckedAt: status?.LastCheckedAt is { } checkedAt && checkedAt > transition.ChangedAt ? checkedAt : transition.ChangedAt);
        var ids = monitor.DependsOn;
        var parents = await db.Monitors.AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .Select(m => new ParentView(
                m.Name, m.Enabled, m.Status == null ? MonitorState.Pending : m.Status.State, m.IntervalSeconds,
                m.Status == null ? null : m.Status.LastCheckedAt,
                db.StatusTransitions.Where(t => t.MonitorId == m.Id).Max(t => (DateTime?)t.ChangedAt)))
            .ToListAsync(cancellationToken);
        return HoldRule.Decide(child, parents, DateTime.UtcNow);
    }

    /// <summary>
    /// One look at every held notice: releases (and starts, without waiting for them) those whose child is still down
    /// after its parents recovered, withholds those whose child recovered, and keeps the reason of the rest current.
    /// </summary>
    public async Task<List<Task>> ReleaseAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var held = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Held)
            .Select(d => d.TransitionId)
            .Distinct()
            .Take(500)
            .ToListAsync(cancellationToken);
        var started = new List<Task>();
        foreach (var transitionId in held)
        {
            var transition = await db.StatusTransitions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == transitionId, cancellationToken);
            var monitor = transition is null ? null : await planner.MonitorAsync(transition.MonitorId, cancellationToken);
            var (decision, reason) = monitor is null ? (HoldDecision.Withhold, "not sent: the monitor was deleted") : await DecideAsync(monitor, transition!, cancellationToken);
            var ofTransition = db.NotificationDeliveries.Where(d => d.TransitionId == transitionId && d.State == DeliveryState.Held);
            switch (decision)
            {
                case HoldDecision.Hold:
                    await ofTransition.Where(d => d.Reason != reason).ExecuteUpdateAsync(s => s.SetProperty(d => d.Reason, reason), cancellationToken);
                    break;
                case HoldDecision.Withhold:
                    await ofTransition.ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Withheld).SetProperty(d => d.Reason, reason), cancellationToken);
                    break;
                default:
                    started.AddRange(await SendAsync(db, transitionId, cancellationToken));
                    break;
            }
        }

        return started;
    }

    /// <summary>
    /// On <paramref name="monitor"/>'s recovery <paramref name="up"/>: withholds its DOWN notice if still held, and says
    /// whether anyone was told it was down; if nobody was, its UP notice is not sent either.
    /// </summary>
    public async Task<bool> WasToldDownAsync(MonitorDefinition monitor, StatusTransition up, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var down = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == up.MonitorId && t.State == MonitorState.Down && !t.Maintenance && t.ChangedAt <= up.ChangedAt)
            .OrderByDescending(t => t.ChangedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (down is null)
        {
            return true;
        }

        var notices = db.NotificationDeliveries.Where(d => d.TransitionId == down.Id && d.Kind == NotificationKind.Down);
        // First withheld, then read: a release by the sweep in between is read as told, and the UP follows it.
        if (await notices.AnyAsync(d => d.State == DeliveryState.Held, cancellationToken))
        {
            var (_, reason) = await DecideAsync(monitor, down, cancellationToken);
            await notices.Where(d => d.State == DeliveryState.Held)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Withheld).SetProperty(d => d.Reason, reason ?? "not sent: recovered while held"), cancellationToken);
        }

        var recorded = await notices.Select(d => d.State).ToListAsync(cancellationToken);
        return recorded.Count == 0 || recorded.Any(s => s is not (DeliveryState.Held or DeliveryState.Withheld));
    }

    private async Task<List<Task>> SendAsync(SentinelDbContext db, Guid transitionId, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await db.NotificationDeliveries.Where(d => d.TransitionId == transitionId && d.State == DeliveryState.Held)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Pending)
                .SetProperty(d => d.Reason, (string?)null)
                .SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        // Every pending notice of the transition is started; the runner's claims let one alerter send each.
        var released = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.TransitionId == transitionId && d.State == DeliveryState.Pending)
            .ToListAsync(cancellationToken);
        var started = new List<Task>();
        foreach (var delivery in released)
        {
            var notification = await planner.NotificationAsync(delivery.TransitionId, delivery.Kind, cancellationToken);
            if (notification is not null)
            {
                started.Add(Task.Run(() => runner.RunAsync(delivery, notification, cancellationToken), cancellationToken));
            }
        }

        return started;
    }
}
