using MassTransit;
using Npgsql;

namespace Sentinel.Recorder.Consumers;

public sealed class CheckerSeenConsumerDefinition : ConsumerDefinition<CheckerSeenConsumer>
{
    /// <summary>Consumed by the recorder alone, which keeps <c>region_checkers</c>.</summary>
    public const string Queue = "checker-seen";

    public CheckerSeenConsumerDefinition()
    {
        EndpointName = Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<CheckerSeenConsumer> consumer, IRegistrationContext context)
    {
        // A report every few seconds from each checker: a small batch keeps it to one statement however many there are.
        endpoint.PrefetchCount = 100;
        consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(200)).SetConcurrencyLimit(1));
        // The upsert only moves a row forward, so a retried batch changes nothing twice.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<NpgsqlException>();
            r.Handle<TimeoutException>();
            r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        });
    }
}
