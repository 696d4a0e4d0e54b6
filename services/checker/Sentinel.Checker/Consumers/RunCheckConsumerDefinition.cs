using MassTransit;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults;

namespace Sentinel.Checker.Consumers;

/// <summary>Every checker replica competes on one durable queue; how many checks each runs at once is configured.</summary>
public sealed class RunCheckConsumerDefinition : ConsumerDefinition<RunCheckConsumer>
{
    private readonly CheckerOptions _options;

    public RunCheckConsumerDefinition(IOptions<CheckerOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.RunCheck;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<RunCheckConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = _options.Concurrency;
        endpoint.ConcurrentMessageLimit = _options.Concurrency;
        // Probes never throw for a target's failure; only a broker hiccup on publish lands here, so retry a little.
        endpoint.UseMessageRetry(r => r.Interval(3, TimeSpan.FromMilliseconds(500)));
    }
}
