using MassTransit;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults;

namespace Sentinel.Checker.Consumers;

/// <summary>
/// Every checker replica of a region competes on its region's durable queue; how many checks each runs at once is
/// configured.
/// </summary>
public sealed class RunChecksConsumerDefinition : ConsumerDefinition<RunChecksConsumer>
{
    private readonly CheckerOptions _options;

    public RunChecksConsumerDefinition(IOptions<CheckerOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.RunCheckFor(_options.Region);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<RunChecksConsumer> consumer, IRegistrationContext context)
    {
        // CheckRunner bounds the checks running; the messages on hand are enough to keep it busy when each
        // carries few checks (a quiet scheduler sends small ones), without one replica hoarding the queue.
        var messages = Math.Max(2, _options.Concurrency / 10);
        endpoint.PrefetchCount = messages;
        endpoint.ConcurrentMessageLimit = messages;
        // Probes never throw for a target's failure; only a broker hiccup on publish lands here, so retry a little
        // (every check of the message runs again; the recorder keeps the first result of each).
        endpoint.UseMessageRetry(r => r.Interval(3, TimeSpan.FromMilliseconds(500)));
    }
}
