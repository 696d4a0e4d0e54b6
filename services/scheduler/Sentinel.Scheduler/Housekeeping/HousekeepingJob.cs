using Prometheus;
using Quartz;

namespace Sentinel.Scheduler.Housekeeping;

/// <summary>Runs <see cref="ResultHousekeeping"/> every <see cref="Data.RetentionOptions.IntervalSeconds"/>, logging what it did.</summary>
[DisallowConcurrentExecution]
public sealed class HousekeepingJob(ResultHousekeeping housekeeping, ILogger<HousekeepingJob> logger) : IJob
{
    private static readonly Counter Runs = Metrics.CreateCounter(
        "sentinel_housekeeping_runs_total",
        "Housekeeping runs of this scheduler: done, skipped (another replica held the lock) or failed (tried again next interval).",
        "outcome");

    private static readonly Gauge Partitions = Metrics.CreateGauge(
        "sentinel_result_partitions",
        "Partitions of check_results (the default one not counted) after this scheduler's last housekeeping run.");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        HousekeepingRun? run;
        try
        {
            run = await housekeeping.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Every step looks at what is there rather than what was meant, so the next run picks up where this failed.
            Runs.WithLabels("failed").Inc();
            logger.LogWarning(ex, "Housekeeping failed; it runs again at the next interval");
            return;
        }

        if (run is null)
        {
            Runs.WithLabels("skipped").Inc();
            logger.LogDebug("Housekeeping skipped: another scheduler replica is running it");
            return;
        }

        Runs.WithLabels("done").Inc();
        Partitions.Set(run.Partitions);
        var changed = run.Created.Count + run.Dropped.Count + run.Compacted.Count + run.StraysMoved + run.StraysDeleted
            + run.DaysRolled + run.HourlyRollupsDeleted + run.DailyRollupsDeleted > 0;
        logger.Log(changed ? LogLevel.Information : LogLevel.Debug,
            "Housekeeping: created partitions [{Created}] (moving {StraysMoved} stray results in), dropped [{Dropped}], compacted [{Compacted}], " +
            "deleted {StraysDeleted} expired strays, wrote {DaysRolled} daily rollups, deleted {HourlyDeleted} hourly and {DailyDeleted} daily rollups; {Partitions} partitions",
            string.Join(", ", run.Created), run.StraysMoved, string.Join(", ", run.Dropped), string.Join(", ", run.Compacted),
            run.StraysDeleted, run.DaysRolled, run.HourlyRollupsDeleted, run.DailyRollupsDeleted, run.Partitions);
    }
}
