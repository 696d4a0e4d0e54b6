using MassTransit;
using Microsoft.Extensions.Options;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Presence;

/// <summary>
/// Publishes <see cref="CheckerSeen"/> once at start and then every <see cref="CheckerOptions.HeartbeatSeconds"/>:
/// how the regions page counts a region's checkers and shows how far behind they are, and how a region whose
/// checkers have all gone silent is told apart from a failing target. A report that cannot be published (the broker
/// is away) is logged and the next one tried on time: checking goes on regardless.
/// </summary>
public sealed class CheckerPresence(
    IBus bus, CheckRunner runner, QueueWait queueWait, IOptions<CheckerOptions> options, ILogger<CheckerPresence> logger)
    : BackgroundService
{
    private readonly DateTime _startedAt = DateTime.UtcNow;

    /// <summary>Host, process id and start time: unique per process, and the same for all its reports.</summary>
    public string CheckerId => $"{Environment.MachineName}/{Environment.ProcessId}/{new DateTimeOffset(_startedAt).ToUnixTimeMilliseconds()}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        using var timer = new PeriodicTimer(period);
        do
        {
            await ReportAsync(period, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReportAsync(TimeSpan period, CancellationToken stoppingToken)
    {
        var seen = new CheckerSeen
        {
            CheckerId = CheckerId,
            Region = options.Value.Region,
            Host = Environment.MachineName,
            StartedAt = _startedAt,
            SeenAt = DateTime.UtcNow,
            Concurrency = options.Value.Concurrency,
            Running = runner.Running,
            Completed = runner.TakeCompleted(),
            QueueWaitMs = queueWait.TakeLongestMs(),
        };

        // A publish waits for the broker; one that has not gone through by the next report is given up.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(period);
        try
        {
            await bus.Publish(seen, timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not report this checker ({CheckerId}) to the broker; trying again in {Seconds} s", seen.CheckerId, period.TotalSeconds);
        }
    }
}
