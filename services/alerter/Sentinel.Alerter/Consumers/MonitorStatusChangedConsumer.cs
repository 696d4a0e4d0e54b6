using MassTransit;
using Sentinel.Alerter.Deliveries;
using Sentinel.Contracts;
using Sentinel.Data;

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
        // A new monitor that starts healthy has nothing to report.
        if (change.PreviousState == MonitorState.Pending && change.State == MonitorState.Up)
        {
            return;
        }

        var monitor = await planner.MonitorAsync(change.MonitorId, ct);
        if (monitor is null || (change.State == MonitorState.Up && !monitor.SendOnResolved))
        {
            return;
        }

        var kind = change.State == MonitorState.Down ? NotificationKind.Down : NotificationKind.Up;
        var channels = await planner.ChannelsForAsync(monitor, ct);
        var notification = await planner.NotificationAsync(change.TransitionId, kind, ct);
        if (channels.Count == 0 || notification is null)
        {
            return;
        }

        var deliveries = await store.CreateAsync(change.TransitionId, sequence: 0, kind, monitor.Id, channels, ct);
        await Task.WhenAll(deliveries.Select(d => runner.RunAsync(d, notification, ct)));
    }
}

public sealed class MonitorStatusChangedConsumerDefinition : ConsumerDefinition<MonitorStatusChangedConsumer>
{
    private readonly AlerterOptions _options;

    public MonitorStatusChangedConsumerDefinition(Microsoft.Extensions.Options.IOptions<AlerterOptions> options)
    {
        _options = options.Value;
        EndpointName = Sentinel.ServiceDefaults.QueueNames.MonitorStatusChanged;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<MonitorStatusChangedConsumer> consumer, IRegistrationContext context)
    {
        // A transition whose channel keeps failing is held for its retries; the others go on in other slots.
        endpoint.PrefetchCount = _options.ConcurrentTransitions;
        endpoint.ConcurrentMessageLimit = _options.ConcurrentTransitions;
        // Database hiccups: the whole transition again, which is safe since deliveries are keyed and claimed.
        endpoint.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
    }
}
