using MassTransit;
using Sentinel.Contracts;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Consumers;

/// <summary>Records the results of several <see cref="ChecksCompleted"/> messages in one transaction.</summary>
public sealed class ChecksCompletedConsumer(ResultRecorder recorder) : IConsumer<Batch<ChecksCompleted>>
{
    public Task Consume(ConsumeContext<Batch<ChecksCompleted>> context) =>
        recorder.RecordAsync(context.Message.SelectMany(m => m.Message.Results), context, context.CancellationToken);
}
