using MassTransit;
using Sentinel.Alerter.Deliveries;
using Sentinel.Alerter.Noise;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Consumers;

/// <summary>
/// Notifies a monitor's channels of a transition: one delivery per channel, keyed by (transition, channel), all
/// sent at once so a failing channel delays none of the others. What each channel hears depends on whether it is told
/// of degraded (<see cref="NotificationPlanner.KindFor"/>). A change while the monitor is flapping is told by the
/// flapping notices instead; a DOWN while a monitor it depends on is down is held. A DOWN told now also starts the
/// escalation steps due at once; a recovery (from down to up, or to degraded) also reaches every channel told of the
/// outage it ends.
/// </summary>
public sealed class MonitorStatusChangedConsumer(
    NotificationPlanner planner, DeliveryStore store, DeliveryRunner runner, FlappingNotices flapping, HeldNotices held) : IConsumer<MonitorStatusChanged>
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
        var transition = await planner.TransitionAsync(change.TransitionId, ct);
        if (monitor is null || transition is null)
        {
            return;
        }

        var (swallowed, flappingNotices) = await flapping.JudgeAsync(monitor, transition, ct);
        if (swallowed)
        {
            await Task.WhenAll(flappingNotices);
            return;
        }

        var recovery = change.PreviousState == MonitorState.Down && change.State != MonitorState.Down;
        var candidates = recovery
            ? await planner.RecoveryChannelsAsync(monitor, transition, ct)
            : await planner.ChannelsForAsync(monitor, ct);
        // A DOWN is one group even with no channel: its escalation policy may still page someone.
        var groups = change.State == MonitorState.Down
            ? [(NotificationKind.Down, candidates)]
            : candidates
                .Select(c => (Channel: c, Kind: NotificationPlanner.KindFor(change.PreviousState, change.State, c.NotifyDegraded)))
                .Where(g => g.Kind is not null)
                .GroupBy(g => g.Kind!.Value, g => g.Channel)
                .Select(g => (g.Key, g.ToList()))
                .ToList();

        // Asked on every recovery, told or not: it also withholds the outage's DOWN if that is still held.
        var toldDown = !recovery || await held.WasToldDownAsync(monitor, transition, ct);
        var running = new List<Task>();
        foreach (var (kind, told) in groups)
        {
            var notification = await planner.NotificationAsync(change.TransitionId, kind, ct);
            if (notification is null)
            {
                return;
            }

            var channels = told;
            if (kind == NotificationKind.Up && !monitor.SendOnResolved)
            {
                // Without its UP an incident service would keep the incident the DOWN opened: those hear it regardless.
                // A DEGRADED is news of its own, not only the end of an outage: it goes out either way.
                channels = channels.Where(c => c.Config.Kind.AlwaysResolves).ToList();
            }

            var (state, reason) = (DeliveryState.Pending, (string?)null);
            if (kind == NotificationKind.Down && monitor.DependsOn.Count > 0)
            {
                var (decision, why) = await held.DecideAsync(monitor, transition, ct);
                (state, reason) = decision switch
                {
                    HoldDecision.Hold => (DeliveryState.Held, why),
                    HoldDecision.Withhold => (DeliveryState.Withheld, why),
                    _ => (DeliveryState.Pending, null),
                };
            }
            else if (!toldDown)
            {
                (state, reason) = (DeliveryState.Withheld, "not sent: nobody was told it was down");
            }

            var deliveries = await store.CreateAsync(change.TransitionId, sequence: 0, kind, monitor.Id, channels, ct, state, reason);
            running.AddRange(deliveries.Select(d => runner.RunAsync(d, notification, ct)));
            // A held DOWN escalates to no one until it is told: the sweep starts the steps once it is.
            if (kind == NotificationKind.Down && state == DeliveryState.Pending)
            {
                running.AddRange(await StartStepsDueAtOnceAsync(monitor, change.TransitionId, channels, ct));
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// The escalation steps with no delay go out with the DOWN notice; later ones are the sweep's
    /// (<see cref="DeliverySweep"/>), which also records these if this alerter stops before it does.
    /// </summary>
    private async Task<List<Task>> StartStepsDueAtOnceAsync(MonitorDefinition monitor, Guid transitionId, List<AlertChannel> downChannels, CancellationToken ct)
    {
        var running = new List<Task>();
        if (await planner.PolicyForAsync(monitor, ct) is not { } policy)
        {
            return running;
        }

        for (var step = 0; step < policy.Steps.Count && policy.Steps[step].DelayMinutes == 0; step++)
        {
            var channels = await planner.StepChannelsAsync(policy, step, downChannels, ct);
            var notification = await planner.NotificationAsync(transitionId, NotificationKind.Escalation, ct, step);
            if (channels.Count == 0 || notification is null)
            {
                continue;
            }

            var deliveries = await store.CreateAsync(transitionId, step, NotificationKind.Escalation, monitor.Id, channels, ct);
            running.AddRange(deliveries.Select(d => runner.RunAsync(d, notification, ct)));
        }

        return running;
    }
}
