using Npgsql;
using Sentinel.Contracts;

namespace Sentinel.Api.Monitors;

/// <summary>
/// How many monitors are in each status, over every monitor: what <c>/metrics</c> exports and the dashboard's
/// overview shows at its top. One aggregate query stays cheap at tens of thousands of monitors.
/// </summary>
public sealed record MonitorCounts(long Up, long Down, long Pending, long Paused)
{
    // States by name: the column holds MonitorState's values. The same rules as MonitorResponse.StatusOf.
    private static readonly string CountSql = $"""
        SELECT count(*) FILTER (WHERE m.enabled AND s.state = {(int)MonitorState.Up}),
               count(*) FILTER (WHERE m.enabled AND s.state = {(int)MonitorState.Down}),
               count(*) FILTER (WHERE m.enabled AND (s.state IS NULL OR s.state = {(int)MonitorState.Pending})),
               count(*) FILTER (WHERE NOT m.enabled)
        FROM monitors m LEFT JOIN monitor_status s ON s.monitor_id = m.id
        """;

    public long Total => Up + Down + Pending + Paused;

    public static async Task<MonitorCounts> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CountSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new MonitorCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
