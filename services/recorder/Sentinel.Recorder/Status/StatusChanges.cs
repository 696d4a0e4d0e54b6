using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>
/// A due time's verdict ready to apply to its monitor's status, with what the transition it may cause would say.
/// </summary>
/// <param name="TransitionId">The transition's id; null for a fresh time-ordered one.</param>
/// <param name="Regions">What each region saw, for a due time checked from several; empty otherwise.</param>
public sealed record Decision(
    DueTimeVerdict Verdict, bool Maintenance, Guid? TransitionId, string? Error, int? StatusCode, double LatencyMs, List<RegionResult> Regions)
{
    /// <summary>A monitor checked from one region: its result alone decides its due time.</summary>
    public static Decision Of(CheckCompleted result, bool maintenance) =>
        new(DueTimeVerdict.Of(result), maintenance, null, StatusChanges.Truncate(result.Error), result.StatusCode, result.LatencyMs, []);
}

/// <summary>
/// The <c>monitor_status</c> and <c>status_transitions</c> statements every writer of verdicts shares: the result
/// batches and the slot deadline sweep. Plain Npgsql with array parameters: a few statements whatever the number of
/// verdicts.
/// </summary>
public static class StatusChanges
{
    /// <summary>
    /// Locks the monitors' status rows (creating missing ones), applies the decisions in due order, writes the
    /// statuses they moved and the transitions they caused, and returns those transitions.
    /// </summary>
    /// <remarks>
    /// Rows are locked in monitor id order, so two transactions locking overlapping monitors cannot deadlock. A caller
    /// that also locks <c>check_slots</c> rows locks them first, and <c>check_rollups</c> rows after.
    /// </remarks>
    public static async Task<List<StatusTransition>> ApplyAsync(
        NpgsqlConnection connection, IReadOnlyCollection<Decision> decisions, CancellationToken cancellationToken)
    {
        if (decisions.Count == 0)
        {
            return [];
        }

        var statuses = await LockStatusesAsync(connection, decisions.Select(d => d.Verdict.MonitorId).Distinct().Order().ToArray(), cancellationToken);
        var counted = new HashSet<MonitorStatus>();
        var transitions = new List<StatusTransition>();
        foreach (var decision in decisions.OrderBy(d => d.Verdict.ScheduledAt).ThenBy(d => d.Verdict.CheckId))
        {
            var verdict = decision.Verdict;
            var status = statuses[verdict.MonitorId];
            var applied = StatusRules.Apply(status, verdict, decision.Maintenance);
            if (applied.Counted)
            {
                counted.Add(status);
            }

            if (applied.Previous is { } previous)
            {
                transitions.Add(new StatusTransition
                {
                    Id = decision.TransitionId ?? Guid.CreateVersion7(),
                    MonitorId = verdict.MonitorId,
                    CheckId = verdict.CheckId,
                    PreviousState = previous,
                    State = status.State,
                    ChangedAt = verdict.CheckedAt,
                    Error = decision.Error,
                    StatusCode = decision.StatusCode,
                    LatencyMs = decision.LatencyMs,
                    Maintenance = applied.Maintenance,
                    Regions = decision.Regions,
                });
            }
        }

        await UpdateStatusesAsync(connection, counted, cancellationToken);
        await InsertTransitionsAsync(connection, transitions, cancellationToken);
        return transitions;
    }

    /// <summary>Creates missing status rows and locks all of them, in id order so concurrent batches cannot deadlock.</summary>
    private static async Task<Dictionary<Guid, MonitorStatus>> LockStatusesAsync(
        NpgsqlConnection connection, Guid[] monitorIds, CancellationToken cancellationToken)
    {
        const string createMissing = """
            INSERT INTO monitor_status (monitor_id, state, announced_state, consecutive_failures, consecutive_successes, consecutive_impaired, consecutive_not_down, last_scheduled_at, last_check_id, last_checked_at)
            SELECT id, 0, 0, 0, 0, 0, 0, '-infinity', '00000000-0000-0000-0000-000000000000', '-infinity' FROM unnest($1) AS id ORDER BY id
            ON CONFLICT (monitor_id) DO NOTHING
            """;
        const string lockAll = """
            SELECT monitor_id, state, consecutive_failures, consecutive_successes, last_scheduled_at, last_check_id, last_checked_at, announced_state,
                   consecutive_impaired, consecutive_not_down
            FROM monitor_status WHERE monitor_id = ANY($1) ORDER BY monitor_id FOR UPDATE
            """;
        await using (var create = new NpgsqlCommand(createMissing, connection) { Parameters = { new NpgsqlParameter { Value = monitorIds } } })
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(lockAll, connection) { Parameters = { new NpgsqlParameter { Value = monitorIds } } };
        var statuses = new Dictionary<Guid, MonitorStatus>(monitorIds.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = new MonitorStatus
            {
                MonitorId = reader.GetGuid(0),
                State = (MonitorState)reader.GetInt32(1),
                ConsecutiveFailures = reader.GetInt32(2),
                ConsecutiveSuccesses = reader.GetInt32(3),
                LastScheduledAt = reader.GetDateTime(4),
                LastCheckId = reader.GetGuid(5),
                LastCheckedAt = reader.GetDateTime(6),
                AnnouncedState = (MonitorState)reader.GetInt32(7),
                ConsecutiveImpaired = reader.GetInt32(8),
                ConsecutiveNotDown = reader.GetInt32(9),
            };
            statuses[status.MonitorId] = status;
        }

        return statuses;
    }

    private static async Task UpdateStatusesAsync(NpgsqlConnection connection, IReadOnlyCollection<MonitorStatus> statuses, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE monitor_status AS s
            SET state = u.state, consecutive_failures = u.failures, consecutive_successes = u.successes,
                last_scheduled_at = u.scheduled_at, last_check_id = u.check_id, last_checked_at = u.checked_at, announced_state = u.announced_state,
                consecutive_impaired = u.impaired, consecutive_not_down = u.not_down
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                AS u(monitor_id, state, failures, successes, scheduled_at, check_id, checked_at, announced_state, impaired, not_down)
            WHERE s.monitor_id = u.monitor_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.MonitorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => (int)s.State).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.ConsecutiveFailures).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.ConsecutiveSuccesses).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.LastScheduledAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.LastCheckId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.LastCheckedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => (int)s.AnnouncedState).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.ConsecutiveImpaired).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = statuses.Select(s => s.ConsecutiveNotDown).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertTransitionsAsync(NpgsqlConnection connection, List<StatusTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO status_transitions (id, monitor_id, check_id, previous_state, state, changed_at, error, status_code, latency_ms, maintenance, regions)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.MonitorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.CheckId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => (int)t.PreviousState).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => (int)t.State).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.ChangedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.Error).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.StatusCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.LatencyMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => t.Maintenance).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = transitions.Select(t => RegionsJson(t.Regions)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The transitions recorded with these check ids (a result's, or a multi-region due time's verdict id).</summary>
    public static async Task<List<StatusTransition>> FindAsync(NpgsqlConnection connection, Guid[] checkIds, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, monitor_id, check_id, previous_state, state, changed_at, error, status_code, latency_ms, maintenance, regions
            FROM status_transitions WHERE check_id = ANY($1)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = checkIds });
        var transitions = new List<StatusTransition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            transitions.Add(new StatusTransition
            {
                Id = reader.GetGuid(0),
                MonitorId = reader.GetGuid(1),
                CheckId = reader.GetGuid(2),
                PreviousState = (MonitorState)reader.GetInt32(3),
                State = (MonitorState)reader.GetInt32(4),
                ChangedAt = reader.GetDateTime(5),
                Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                StatusCode = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                LatencyMs = reader.GetDouble(8),
                Maintenance = reader.GetBoolean(9),
                Regions = ReadRegions(reader.GetString(10)),
            });
        }

        return transitions;
    }

    public static MonitorStatusChanged ToMessage(StatusTransition t) => new()
    {
        TransitionId = t.Id,
        MonitorId = t.MonitorId,
        PreviousState = t.PreviousState,
        State = t.State,
        CheckId = t.CheckId,
        ChangedAt = t.ChangedAt,
        Error = t.Error,
        StatusCode = t.StatusCode,
        LatencyMs = t.LatencyMs,
        InMaintenance = t.Maintenance,
        Regions = t.Regions,
    };

    /// <summary>Region results as the jsonb columns hold them (<see cref="JsonColumns.Options"/>, as EF Core reads them).</summary>
    public static string RegionsJson(List<RegionResult> regions) => JsonSerializer.Serialize(regions, JsonColumns.Options);

    public static List<RegionResult> ReadRegions(string json) => JsonSerializer.Deserialize<List<RegionResult>>(json, JsonColumns.Options) ?? [];

    /// <summary>An error cut to the 1024 characters its columns hold.</summary>
    public static string? Truncate(string? error) => error is { Length: > 1024 } ? error[..1024] : error;
}
