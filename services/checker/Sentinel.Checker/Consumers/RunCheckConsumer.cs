using MassTransit;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Consumers;

/// <summary>
/// A single <see cref="RunCheck"/>, as schedulers before <see cref="RunChecks"/> sent them: kept so that checks
/// queued across an upgrade still run (docs/deployment.md, "Upgrades": old messages keep working). Answers in
/// kind, with a single <see cref="CheckCompleted"/>, which the recorder also still takes.
/// </summary>
public sealed class RunCheckConsumer(CheckRunner runner) : IConsumer<RunCheck>
{
    public async Task Consume(ConsumeContext<RunCheck> context) =>
        await context.Publish(await runner.RunAsync(context.Message, context.SentTime, context.CancellationToken));
}
