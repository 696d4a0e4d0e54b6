using Npgsql;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>
/// Which results of one batch were due while a maintenance window covered their monitor (by id, tag, or all): those
/// are stored marked, added to no rollup, and their transitions announced to no one (<see cref="StatusRules"/>).
/// </summary>
/// <remarks>
/// Read once per batch, not per result: the windows that could be on at some time in the batch's range of due times
/// (one query, usually answering nothing), each window's occurrences in that range worked out once
/// (<see cref="MaintenanceSchedule"/>), and the monitors' tags only when a window covers tags. A result then costs a
/// look through the few windows.
/// </remarks>
public sealed class MaintenanceMarks
{
    private static readonly MaintenanceMarks NoneOn = new([], new Dictionary<Guid, List<string>>());

    private const string WindowsSql = """
        SELECT id, name, starts_at, ends_at, cron, time_zone, duration_minutes, all_monitors, monitor_ids, tags
        FROM maintenance_windows
        WHERE cron IS NOT NULL OR (starts_at <= $2 AND ends_at > $1)
        """;

    private const string TagsSql = "SELECT id, tags FROM monitors WHERE id = ANY($1) AND tags && $2";

    private readonly List<(MaintenanceWindow Window, List<MaintenanceSchedule.Occurrence> Occurrences)> _on;
    private readonly Dictionary<Guid, List<string>> _tags;

    private MaintenanceMarks(List<(MaintenanceWindow Window, List<MaintenanceSchedule.Occurrence> Occurrences)> on, Dictionary<Guid, List<string>> tags)
    {
        _on = on;
        _tags = tags;
    }

    public static async Task<MaintenanceMarks> ReadAsync(NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return NoneOn;
        }

        var from = results.Min(r => r.ScheduledAt);
        var to = results.Max(r => r.ScheduledAt);
        var on = new List<(MaintenanceWindow Window, List<MaintenanceSchedule.Occurrence> Occurrences)>();
        await using (var command = new NpgsqlCommand(WindowsSql, connection) { Parameters = { new() { Value = from }, new() { Value = to } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var window = new MaintenanceWindow
                {
                    Id = reader.GetGuid(0),
                    Name = reader.GetString(1),
                    StartsAt = reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                    EndsAt = reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                    Cron = reader.IsDBNull(4) ? null : reader.GetString(4),
                    TimeZone = reader.IsDBNull(5) ? null : reader.GetString(5),
                    DurationMinutes = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    AllMonitors = reader.GetBoolean(7),
                    MonitorIds = [.. reader.GetFieldValue<Guid[]>(8)],
                    Tags = [.. reader.GetFieldValue<string[]>(9)],
                };
                var occurrences = MaintenanceSchedule.Occurrences(window, from, to).ToList();
                if (occurrences.Count > 0)
                {
                    on.Add((window, occurrences));
                }
            }
        }

        if (on.Count == 0)
        {
            return NoneOn;
        }

        var tags = new Dictionary<Guid, List<string>>();
        var coveredTags = on.SelectMany(w => w.Window.Tags).Distinct().ToArray();
        if (coveredTags.Length > 0)
        {
            var monitorIds = results.Select(r => r.MonitorId).Distinct().ToArray();
            await using var command = new NpgsqlCommand(TagsSql, connection) { Parameters = { new() { Value = monitorIds }, new() { Value = coveredTags } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tags[reader.GetGuid(0)] = [.. reader.GetFieldValue<string[]>(1)];
            }
        }

        return new MaintenanceMarks(on, tags);
    }

    /// <summary>Whether a window covering the result's monitor was on when the result was due.</summary>
    public bool IsMarked(CheckCompleted result)
    {
        foreach (var (window, occurrences) in _on)
        {
            if (MaintenanceSchedule.Covers(window, result.MonitorId, _tags.GetValueOrDefault(result.MonitorId) ?? [])
                && occurrences.Any(o => o.Contains(result.ScheduledAt)))
            {
                return true;
            }
        }

        return false;
    }
}
