using Npgsql;
using Prometheus;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Monitor counts by status (<see cref="MonitorCounts"/>), read from the database when Prometheus scrapes: the api is
/// the one place that sees every monitor.
/// </summary>
public sealed class MonitorCountMetrics(NpgsqlDataSource dataSource, ILogger<MonitorCountMetrics> logger)
{
    private static readonly Gauge Up = Metrics.CreateGauge("sentinel_monitors_up", "Enabled monitors whose status is up.");

    private static readonly Gauge ByStatus = Metrics.CreateGauge(
        "sentinel_monitors", "Monitors by status (pending, up, down, paused).", "status");

    public void Register() => Metrics.DefaultRegistry.AddBeforeCollectCallback(RefreshAsync);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var counts = await MonitorCounts.ReadAsync(dataSource, cancellationToken);
            Up.Set(counts.Up);
            ByStatus.WithLabels("up").Set(counts.Up);
            ByStatus.WithLabels("down").Set(counts.Down);
            ByStatus.WithLabels("pending").Set(counts.Pending);
            ByStatus.WithLabels("paused").Set(counts.Paused);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            // A scrape must not fail because the database blinked (or, in tests, because an earlier app instance
            // registered on the same static registry is gone); the gauges keep their last values.
            logger.LogWarning(ex, "Could not refresh monitor counts for /metrics");
        }
    }
}
