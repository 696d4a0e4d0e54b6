using Microsoft.Extensions.Options;
using Quartz;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>Each tick, dispatches every due monitor: batch after batch while batches come back full.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueChecksJob(DueCheckDispatcher dispatcher, IOptions<SchedulerOptions> options, ILogger<DispatchDueChecksJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        try
        {
            while (await dispatcher.DispatchDueAsync(batchSize, cancellationToken) == batchSize)
            {
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The claim rolled back, so those monitors stay due and the next tick retries them.
            logger.LogWarning(ex, "Dispatching due checks failed; retrying on the next tick");
        }
    }
}
