using MassTransit;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Consumers;

/// <summary>
/// Runs the check of a <see cref="TestCheck"/> as a scheduled one runs (the same <see cref="CheckRunner"/>, probes and
/// outbound guard) and answers with its result instead of publishing it, so nothing is recorded.
/// </summary>
public sealed class TestCheckConsumer(CheckRunner runner) : IConsumer<TestCheck>
{
    public async Task Consume(ConsumeContext<TestCheck> context)
    {
        // A check of no monitor: the runner needs the ids a result carries, and nobody reads these.
        var check = new RunCheck { CheckId = NewId.NextGuid(), MonitorId = Guid.Empty, Check = context.Message.Check, ScheduledAt = DateTime.UtcNow };
        var result = await runner.RunAsync(check, dispatchedAt: null, context.CancellationToken);
        // The result itself, sent back to the asker only: the recorder, subscribed to published results, never sees it.
        await context.RespondAsync(result);
    }
}
