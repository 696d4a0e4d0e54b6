using Npgsql;
using Sentinel.Api.Maintenance;
using Sentinel.Contracts;

namespace Sentinel.Api.Monitors;

/// <summary>
/// How many monitors are in each status, over every monitor: what <c>/metrics</c> exports and the dashboard's
/// overview shows at its top. One aggregate query stays cheap at tens of thousands of monitors.
/// </summary>
public sealed record MonitorCounts(long Up, long Down, long Degraded, long Pending, long Paused, long Maintenance)
{
    public static readonly MonitorCounts Zero = new(0, 0, 0, 0, 0, 0);

    // States by name: the column holds MonitorState's values. The same rules as MonitorResponse.StatusOf: paused, then
    // in maintenance (covered by a window on now: ActiveMaintenance.Covers, by all, id or tag), then the state.
    private static readonly string CountSql = $"""
        SELECT count(*) FILTER (WHERE m.enabled AND NOT c.covered AND s.state = {(int)MonitorState.Up}),
               count(*) FILTER (WHERE m.enabled AND NOT c.covered AND s.state = {(int)MonitorState.Down}),
               count(*) FILTER (WHERE m.enabled AND NOT c.covered AND s.state = {(int)MonitorState.Degraded}),
               count(*) FILTER (WHERE m.enabled AND NOT c.covered AND (s.state IS NULL OR s.state = {(int)MonitorState.Pending})),
               count(*) FILTER (WHERE NOT m.enabled),
               count(*) FILTER (WHERE m.enabled AND c.covered)
        FROM monitors m LEFT JOIN monitor_status s ON s.monitor_id = m.id
        CROSS JOIN LATERAL (SELECT $1 OR m.id = ANY($2) OR m.tags && $3 AS covered) c
        """;

    public long Total => Up + Down + Degraded + Pending + Paused + Maintenance;

    public static async Task<MonitorCounts> ReadAsync(NpgsqlDataSource dataSource, ActiveMaintenance maintenance, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CountSql);
        command.Parameters.Add(new NpgsqlParameter { Value = maintenance.CoversAll });
        command.Parameters.Add(new NpgsqlParameter { Value = maintenance.MonitorIds });
        command.Parameters.Add(new NpgsqlParameter { Value = maintenance.Tags });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new MonitorCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
