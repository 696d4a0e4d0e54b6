using Microsoft.EntityFrameworkCore;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Deliveries;

/// <summary>
/// The ledger of notification deliveries. Every change is a conditional update, so two alerters (or a restarted
/// one) racing for the same delivery see exactly one of them win.
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<SentinelDbContext> contexts)
{
    /// <summary>
    /// Records one delivery per channel for (transition, sequence), keeping any already recorded, and returns those
    /// not yet sent or failed. <paramref name="state"/> is <see cref="DeliveryState.Held"/> or
    /// <see cref="DeliveryState.Withheld"/>, with its <paramref name="reason"/>, for a notice not to send now.
    /// </summary>
    public async Task<List<NotificationDelivery>> CreateAsync(
        Guid transitionId, int sequence, NotificationKind kind, Guid? monitorId, IEnumerable<AlertChannel> channels, CancellationToken cancellationToken,
        DeliveryState state = DeliveryState.Pending, string? reason = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        foreach (var channel in channels)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO notification_deliveries
                    (id, transition_id, channel_id, sequence, monitor_id, kind, channel_name, channel_type, state, reason, attempts, created_at, next_attempt_at)
                VALUES ({Guid.CreateVersion7()}, {transitionId}, {channel.Id}, {sequence}, {monitorId}, {(int)kind}, {channel.Name}, {channel.Type},
                        {(int)state}, {reason}, 0, {now}, {now})
                ON CONFLICT (transition_id, channel_id, kind, sequence) DO NOTHING
                """, cancellationToken);
        }

        return await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.TransitionId == transitionId && d.Kind == kind && d.Sequence == sequence && d.State < DeliveryState.Sent)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A delivery due now, for the caller to add in the transaction that records what it reports (Sentinel's own
    /// outage, with no <paramref name="monitorId"/>; a monitor's flapping): recorded exactly when that is, by whichever
    /// alerter recorded it.
    /// </summary>
    public static NotificationDelivery Pending(Guid outageId, NotificationKind kind, AlertChannel channel, DateTime now, Guid? monitorId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        TransitionId = outageId,
        MonitorId = monitorId,
        ChannelId = channel.Id,
        Kind = kind,
        ChannelName = channel.Name,
        ChannelType = channel.Type,
        State = DeliveryState.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Takes the delivery for one attempt if it is due and nobody holds it; false otherwise.</summary>
    public async Task<bool> TryClaimAsync(Guid id, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var claimed = await db.NotificationDeliveries
            .Where(d => d.Id == id
                && ((d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
                    || (d.State == DeliveryState.Sending && d.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Sending)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LeaseUntil, now + lease), cancellationToken);
        return claimed == 1;
    }

    public Task MarkSentAsync(Guid id, CancellationToken cancellationToken) => UpdateAsync(id, s => s
        .SetProperty(d => d.State, DeliveryState.Sent)
        .SetProperty(d => d.SentAt, DateTime.UtcNow)
        .SetProperty(d => d.LeaseUntil, (DateTime?)null), cancellationToken);

    public Task MarkRetryAsync(Guid id, string error, DateTime nextAttemptAt, CancellationToken cancellationToken) => UpdateAsync(id, s => s
        .SetProperty(d => d.State, DeliveryState.Pending)
        .SetProperty(d => d.LastError, Clip(error))
        .SetProperty(d => d.NextAttemptAt, nextAttemptAt)
        .SetProperty(d => d.LeaseUntil, (DateTime?)null), cancellationToken);

    public Task MarkFailedAsync(Guid id, string error, CancellationToken cancellationToken) => UpdateAsync(id, s => s
        .SetProperty(d => d.State, DeliveryState.Failed)
        .SetProperty(d => d.LastError, Clip(error))
        .SetProperty(d => d.LeaseUntil, (DateTime?)null), cancellationToken);

    /// <summary>Unfinished deliveries nobody is working on: overdue by <paramref name="grace"/>, or held under an expired lease.</summary>
    public async Task<List<NotificationDelivery>> FindAbandonedAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var overdue = now - grace;
        return await db.NotificationDeliveries.AsNoTracking()
            .Where(d => (d.State == DeliveryState.Pending && d.NextAttemptAt < overdue) || (d.State == DeliveryState.Sending && d.LeaseUntil < now))
            .OrderBy(d => d.NextAttemptAt)
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    private async Task UpdateAsync(
        Guid id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<NotificationDelivery>> set, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.NotificationDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(set, cancellationToken);
    }

    private static string Clip(string error) => error.Length <= 1024 ? error : error[..1024];
}
