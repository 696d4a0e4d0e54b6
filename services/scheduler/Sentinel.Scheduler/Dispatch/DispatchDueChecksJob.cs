using Microsoft.Extensions.Options;
using Quartz;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>Each tick, dispatches every due monitor: batch after batch while batches come back full.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchDueChecksJob(DueCheckDispatcher dispatcher, DispatchOutage outage, IOptions<SchedulerOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!outage.ShouldAttempt)
        {
            return;
        }

        var batchSize = options.Value.BatchSize;
        try
        {
            int dispatched;
            do
            {
                dispatched = await dispatcher.DispatchDueAsync(batchSize, cancellationToken);
                if (dispatched > 0)
                {
                    outage.Succeeded();
                }
            }
            while (dispatched == batchSize);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The claim rolled back, so those monitors stay due and a later tick retries them.
            outage.Failed(ex);
        }
    }
}
