using Microsoft.EntityFrameworkCore;
using Npgsql;
using Prometheus;
using Sentinel.Api.Maintenance;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Monitor counts by status (<see cref="MonitorCounts"/>), read from the database when Prometheus scrapes: the api is
/// the one place that sees every monitor.
/// </summary>
public sealed class MonitorCountMetrics(NpgsqlDataSource dataSource, IDbContextFactory<SentinelDbContext> contexts, ILogger<MonitorCountMetrics> logger)
{
    // Up only, as before degraded existed: a degraded monitor is counted under sentinel_monitors{status="degraded"}.
    private static readonly Gauge Up = Metrics.CreateGauge("sentinel_monitors_up", "Enabled monitors whose status is up (not degraded).");

    private static readonly Gauge ByStatus = Metrics.CreateGauge(
        "sentinel_monitors", "Monitors by status (pending, up, down, degraded, paused, maintenance).", "status");

    public void Register() => Metrics.DefaultRegistry.AddBeforeCollectCallback(RefreshAsync);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            ActiveMaintenance maintenance;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                maintenance = await ActiveMaintenance.ReadAsync(db, DateTime.UtcNow, cancellationToken);
            }

            var counts = await MonitorCounts.ReadAsync(dataSource, maintenance, cancellationToken);
            Up.Set(counts.Up);
            ByStatus.WithLabels("up").Set(counts.Up);
            ByStatus.WithLabels("degraded").Set(counts.Degraded);
            ByStatus.WithLabels("down").Set(counts.Down);
            ByStatus.WithLabels("degraded").Set(counts.Degraded);
            ByStatus.WithLabels("pending").Set(counts.Pending);
            ByStatus.WithLabels("paused").Set(counts.Paused);
            ByStatus.WithLabels("maintenance").Set(counts.Maintenance);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            // A scrape must not fail because the database blinked (or, in tests, because an earlier app instance
            // registered on the same static registry is gone); the gauges keep their last values.
            logger.LogWarning(ex, "Could not refresh monitor counts for /metrics");
        }
    }
}
