using MassTransit;
using Sentinel.Checker.Presence;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Consumers;

/// <summary>
/// Runs every check of a <see cref="RunChecks"/> at once and publishes each result as soon as it is known. The
/// message is acknowledged when all its results are published: a checker that dies first leaves it to another,
/// whose results for checks already recorded are dropped by their check id.
/// </summary>
public sealed class RunChecksConsumer(CheckRunner runner, ResultPublisher results, QueueWait queueWait) : IConsumer<RunChecks>
{
    public Task Consume(ConsumeContext<RunChecks> context)
    {
        queueWait.Taken(context.SentTime);
        return Task.WhenAll(context.Message.Checks.Select(async check =>
            await results.PublishAsync(await runner.RunAsync(check, context.SentTime, context.CancellationToken))));
    }
}
