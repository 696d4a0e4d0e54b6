using Npgsql;
using Prometheus;
using Sentinel.Contracts;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Monitor counts by status, read from the database when Prometheus scrapes: the api is the one place that sees
/// every monitor, and one aggregate query per scrape stays cheap at tens of thousands of monitors.
/// </summary>
public sealed class MonitorCountMetrics(NpgsqlDataSource dataSource, ILogger<MonitorCountMetrics> logger)
{
    private static readonly Gauge Up = Metrics.CreateGauge("sentinel_monitors_up", "Enabled monitors whose status is up.");

    private static readonly Gauge ByStatus = Metrics.CreateGauge(
        "sentinel_monitors", "Monitors by status (pending, up, down, paused).", "status");

    // States by name: the column holds MonitorState's values.
    private static readonly string CountSql = $"""
        SELECT count(*) FILTER (WHERE m.enabled AND s.state = {(int)MonitorState.Up}),
               count(*) FILTER (WHERE m.enabled AND s.state = {(int)MonitorState.Down}),
               count(*) FILTER (WHERE m.enabled AND (s.state IS NULL OR s.state = {(int)MonitorState.Pending})),
               count(*) FILTER (WHERE NOT m.enabled)
        FROM monitors m LEFT JOIN monitor_status s ON s.monitor_id = m.id
        """;

    public void Register() => Metrics.DefaultRegistry.AddBeforeCollectCallback(RefreshAsync);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(CountSql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            Up.Set(reader.GetInt64(0));
            ByStatus.WithLabels("up").Set(reader.GetInt64(0));
            ByStatus.WithLabels("down").Set(reader.GetInt64(1));
            ByStatus.WithLabels("pending").Set(reader.GetInt64(2));
            ByStatus.WithLabels("paused").Set(reader.GetInt64(3));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            // A scrape must not fail because the database blinked (or, in tests, because an earlier app instance
            // registered on the same static registry is gone); the gauges keep their last values.
            logger.LogWarning(ex, "Could not refresh monitor counts for /metrics");
        }
    }
}
