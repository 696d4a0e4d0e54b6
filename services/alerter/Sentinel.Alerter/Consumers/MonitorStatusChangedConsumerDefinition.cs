using MassTransit;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults;

namespace Sentinel.Alerter.Consumers;

/// <summary>Every alerter replica competes on one durable queue; how many transitions each notifies at once is configured.</summary>
public sealed class MonitorStatusChangedConsumerDefinition : ConsumerDefinition<MonitorStatusChangedConsumer>
{
    private readonly AlerterOptions _options;

    public MonitorStatusChangedConsumerDefinition(IOptions<AlerterOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.MonitorStatusChanged;
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
