using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sentinel.Alerter.Deliveries;

/// <summary>
/// A look at the database every <paramref name="interval"/> that may start deliveries. They run on without holding up
/// the next look (a channel in its retries takes minutes), and the service waits for them when it stops. A look that
/// fails (the database away) is logged and tried again at the next tick.
/// </summary>
public abstract class PeriodicDeliveries(TimeSpan interval, ILogger logger) : BackgroundService
{
    private readonly List<Task> _running = [];

    /// <summary>What a failed look is called in the log.</summary>
    protected abstract string What { get; }

    /// <summary>One look: the deliveries it started, still running.</summary>
    protected abstract Task<List<Task>> LookAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.AddRange(await LookAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or DbUpdateException)
                {
                    logger.LogWarning(ex, "{What} failed; trying again next tick", What);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
