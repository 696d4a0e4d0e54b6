using MassTransit;
using Sentinel.Contracts;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Consumers;

/// <summary>
/// Single <see cref="CheckCompleted"/> messages, as checkers before <see cref="ChecksCompleted"/> published them:
/// kept so that results queued across an upgrade are still recorded (docs/deployment.md, "Upgrades": old
/// messages keep working).
/// </summary>
public sealed class CheckCompletedConsumer(ResultRecorder recorder) : IConsumer<Batch<CheckCompleted>>
{
    public Task Consume(ConsumeContext<Batch<CheckCompleted>> context) =>
        recorder.RecordAsync(context.Message.Select(m => m.Message), context, context.CancellationToken);
}
