using MassTransit;
using Sentinel.Contracts;

namespace Sentinel.Api.Live;

/// <summary>Passes each transition to the browsers this api process serves (<see cref="StatusFeed"/>).</summary>
public sealed class MonitorStatusChangedConsumer(StatusFeed feed) : IConsumer<MonitorStatusChanged>
{
    public Task Consume(ConsumeContext<MonitorStatusChanged> context)
    {
        feed.Publish(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A queue of this process's own, so that every api replica hears every transition (the alerters, by contrast,
/// compete on one durable queue). It is temporary: classic, non-durable, exclusive to this process's connection and
/// deleted with it, since a transition nobody is watching need not be kept and a crashed replica must leave no queue
/// behind. So when the connection is lost, so are the transitions until it is back: then every browser is cut off,
/// to reconnect and reload.
/// </summary>
public sealed class MonitorStatusChangedConsumerDefinition : ConsumerDefinition<MonitorStatusChangedConsumer>
{
    public MonitorStatusChangedConsumerDefinition()
    {
        // Temporary alone would keep the consumer's name, one queue shared by all replicas; the name must be unique.
        Endpoint(e =>
        {
            e.Name = DefaultEndpointNameFormatter.GetTemporaryQueueName("dashboard-status");
            e.Temporary = true;
        });
        // One at a time keeps a monitor's transitions in order; each takes microseconds.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<MonitorStatusChangedConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConnectReceiveEndpointObserver(new QueueRedeclared(context.GetRequiredService<StatusFeed>()));
    }

    /// <summary>
    /// The queue is declared afresh each time the endpoint becomes ready: at start, before any browser can watch, and
    /// after every reconnection to the broker, when the watchers may have missed transitions.
    /// </summary>
    private sealed class QueueRedeclared(StatusFeed feed) : IReceiveEndpointObserver
    {
        public Task Ready(ReceiveEndpointReady ready)
        {
            feed.CutOffAll();
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

        public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
    }
}
