using MassTransit;
using Sentinel.Alerter.Deliveries;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Consumers;

/// <summary>
/// Notifies a monitor's channels of a transition: one delivery per channel, keyed by (transition, channel), all
/// sent at once so a failing channel delays none of the others.
/// </summary>
public sealed class MonitorStatusChangedConsumer(NotificationPlanner planner, DeliveryStore store, DeliveryRunner runner) : IConsumer<MonitorStatusChanged>
{
    public async Task Consume(ConsumeContext<MonitorStatusChanged> context)
    {
        var change = context.Message;
        var ct = context.CancellationToken;
        // A new monitor that starts healthy has nothing to report; a change made in a maintenance window is announced
        // by the recorder after the window, if it still holds then, so nothing is recorded to send now.
        if (change.InMaintenance || (change.PreviousState == MonitorState.Pending && change.State == MonitorState.Up))
        {
            return;
        }

        var monitor = await planner.MonitorAsync(change.MonitorId, ct);
        if (monitor is null)
        {
            return;
        }

        var kind = change.State == MonitorState.Down ? NotificationKind.Down : NotificationKind.Up;
        var channels = await planner.ChannelsForAsync(monitor, ct);
        if (kind == NotificationKind.Up && !monitor.SendOnResolved)
        {
            // Without its UP an incident service would keep the incident the DOWN opened: those hear it regardless.
            channels = channels.Where(c => c.Config.Kind.AlwaysResolves).ToList();
        }

        var notification = await planner.NotificationAsync(change.TransitionId, kind, ct);
        if (channels.Count == 0 || notification is null)
        {
            return;
        }

        var deliveries = await store.CreateAsync(change.TransitionId, sequence: 0, kind, monitor.Id, channels, ct);
        await Task.WhenAll(deliveries.Select(d => runner.RunAsync(d, notification, ct)));
    }
}
