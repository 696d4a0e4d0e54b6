using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Deliveries;

/// <summary>
/// Re-sends the current DOWN to the channels whose service forgets an alert nobody repeats
/// (<see cref="ChannelKind.RepeatsWhileDown"/>: Alertmanager, which resolves an alert on its own after its
/// <c>resolve_timeout</c>), every <see cref="AlerterOptions.RepeatWhileDownSeconds"/>, for every monitor still down
/// (not one degraded: it still works), and for an open checking outage or lost region to such default channels.
/// </summary>
/// <remarks>
/// A repeat is one attempt and no delivery: it is not recorded in the ledger (one a minute per down monitor and
/// channel would bury the alert list), not retried (the next tick is its retry), and sent by every alerter replica
/// (Alertmanager merges alerts with the same labels, so copies change nothing). The DOWN itself and the UP are
/// ordinary deliveries, recorded, retried and sent once.
/// </remarks>
public sealed class DownAlertRepeats(
    NpgsqlDataSource dataSource, IDbContextFactory<SentinelDbContext> contexts, NotificationPlanner planner, DeliveryRunner runner,
    IOptions<AlerterOptions> options, ILogger<DownAlertRepeats> logger)
    : PeriodicDeliveries(TimeSpan.FromSeconds(options.Value.RepeatWhileDownSeconds), logger)
{
    // The outages people were told of, as for reminders, acknowledged or not: the alert still fires until it is over.
    private static readonly string StillDownSql = $"SELECT m.id, t.id {DeliverySweep.ToldOutages}";

    private static readonly string[] RepeatingKinds = ChannelKinds.All.Where(k => k.RepeatsWhileDown).Select(k => k.Name).ToArray();

    protected override string What => "Repeating down alerts";

    protected override Task<List<Task>> LookAsync(CancellationToken cancellationToken) => RepeatAsync(cancellationToken);

    /// <summary>One look: starts a send per still-down monitor and repeating channel, and returns them without waiting.</summary>
    public async Task<List<Task>> RepeatAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = await db.AlertChannels.AsNoTracking().Where(c => RepeatingKinds.Contains(c.Type)).ToListAsync(cancellationToken);
        if (channels.Count == 0)
        {
            return [];
        }

        var started = new List<Task>();
        var stillDown = new List<(Guid Monitor, Guid Transition)>();
        await using (var command = dataSource.CreateCommand(StillDownSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stillDown.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        var ids = stillDown.Select(d => d.Monitor).ToList();
        var monitors = await db.Monitors.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        foreach (var (monitorId, transitionId) in stillDown)
        {
            if (!monitors.TryGetValue(monitorId, out var monitor))
            {
                continue;
            }

            var told = channels.Where(c => c.IsDefault || monitor.ChannelIds.Contains(c.Id)).ToList();
            if (told.Count > 0 && await planner.NotificationAsync(transitionId, NotificationKind.Down, cancellationToken) is { } notification)
            {
                started.AddRange(told.Select(c => SendAsync(c, notification with { TransitionId = transitionId }, cancellationToken)));
            }
        }

        var outage = await db.CheckingOutages.AsNoTracking().SingleOrDefaultAsync(o => o.EndedAt == null, cancellationToken);
        if (outage is not null)
        {
            var notification = NotificationPlanner.OutageNotification(outage, NotificationKind.NotChecking) with { TransitionId = outage.Id };
            started.AddRange(channels.Where(c => c.IsDefault).Select(c => SendAsync(c, notification, cancellationToken)));
        }

        foreach (var lost in await db.RegionOutages.AsNoTracking().Where(o => o.EndedAt == null).ToListAsync(cancellationToken))
        {
            var notification = NotificationPlanner.RegionNotification(lost, NotificationKind.RegionLost) with { TransitionId = lost.Id };
            started.AddRange(channels.Where(c => c.IsDefault).Select(c => SendAsync(c, notification, cancellationToken)));
        }

        return started;
    }

    private Task SendAsync(AlertChannel channel, Notification notification, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await runner.SendOnceAsync(channel, notification, cancellationToken);
        }
        catch (DeliveryFailedException ex)
        {
            logger.LogWarning("Repeating '{Notice}' to {ChannelType} channel '{Channel}' failed (tried again in {Interval} s): {Error}",
                notification.Title, channel.Type, channel.Name, options.Value.RepeatWhileDownSeconds, ex.Message);
        }
    }, cancellationToken);
}
