using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.ServiceDefaults;

namespace Sentinel.Recorder.Consumers;

public sealed class ChecksCompletedConsumerDefinition : ConsumerDefinition<ChecksCompletedConsumer>
{
    private readonly RecorderOptions _options;

    public ChecksCompletedConsumerDefinition(IOptions<RecorderOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.CheckCompleted;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ChecksCompletedConsumer> consumer, IRegistrationContext context)
    {
        // Enough unacknowledged messages on hand to fill every concurrent batch. A message carries the results a
        // checker gathered in a few milliseconds, so a batch of messages holds many more results.
        endpoint.PrefetchCount = _options.BatchSize * _options.ConcurrentBatches;
        consumer.Options<BatchOptions>(batch => Batching(batch, _options));
        // A monitor deleted mid-batch, a deadlock or a restarting database: the whole batch is retried, which is
        // safe because writing it is idempotent.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<NpgsqlException>();
            r.Handle<TimeoutException>();
            r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        });
    }

    /// <summary>How results are gathered into one transaction; every consumer of the queue batches alike.</summary>
    public static void Batching(BatchOptions batch, RecorderOptions options) => batch
        .SetMessageLimit(options.BatchSize)
        .SetTimeLimit(TimeSpan.FromMilliseconds(options.BatchWaitMilliseconds))
        .SetConcurrencyLimit(options.ConcurrentBatches);
}
