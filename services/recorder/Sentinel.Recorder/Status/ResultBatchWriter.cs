using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Status;

/// <summary>
/// Writes a batch of results and the status changes they cause in one transaction. Plain Npgsql with array
/// parameters rather than EF Core: this is the hottest write path, a few statements per batch whatever its size.
/// </summary>
public sealed class ResultBatchWriter(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Stores the results that are not stored yet (a redelivered result is skipped by its check id, a result for a
    /// deleted monitor is dropped), marked when a maintenance window covered their monitor when they were due
    /// (<see cref="MaintenanceMarks"/>), applies them to the monitors' status in due order, adds the unmarked ones to
    /// the hourly rollups, and returns the transitions to publish: the new ones, and those a redelivered result had
    /// already caused, so none is lost.
    /// </summary>
    public async Task<IReadOnlyList<MonitorStatusChanged>> WriteAsync(IReadOnlyList<CheckCompleted> results, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var marks = await MaintenanceMarks.ReadAsync(connection, results, cancellationToken);
        var inserted = await InsertResultsAsync(connection, results, marks, cancellationToken);
        var fresh = results.Where(r => inserted.Contains(r.CheckId)).ToList();
        var changes = new List<MonitorStatusChanged>();
        if (fresh.Count > 0)
        {
            var transitions = await ApplyToStatusAsync(connection, fresh, marks, cancellationToken);
            await InsertTransitionsAsync(connection, transitions, cancellationToken);
            // Only the results inserted just now, under the status locks taken above: see HourlyRollup.UpsertAsync.
            // Those taken in maintenance count in no uptime figure, so in no rollup.
            await HourlyRollup.UpsertAsync(connection, HourlyRollup.From(fresh.Where(r => !marks.IsMarked(r))), cancellationToken);
            changes.AddRange(transitions.Select(ToMessage));
        }

        var repeated = results.Where(r => !inserted.Contains(r.CheckId)).Select(r => r.CheckId).ToArray();
        if (repeated.Length > 0)
        {
            changes.AddRange((await FindTransitionsAsync(connection, repeated, cancellationToken)).Select(ToMessage));
        }

        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    private static async Task<HashSet<Guid>> InsertResultsAsync(
        NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, MaintenanceMarks marks, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO check_results (check_id, monitor_id, scheduled_at, dispatched_at, checked_at, status, latency_ms, status_code, error, errors, maintenance)
            SELECT r.check_id, r.monitor_id, r.scheduled_at, r.dispatched_at, r.checked_at, r.status, r.latency_ms, r.status_code, r.error,
                   string_to_array(r.errors, chr(31)), r.maintenance
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                AS r(check_id, monitor_id, scheduled_at, dispatched_at, checked_at, status, latency_ms, status_code, error, errors, maintenance)
            WHERE EXISTS (SELECT 1 FROM monitors m WHERE m.id = r.monitor_id)
            ON CONFLICT (check_id) DO NOTHING
            RETURNING check_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.CheckId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.MonitorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.ScheduledAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.DispatchedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.CheckedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => (int)r.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.LatencyMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.StatusCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => Truncate(r.Error)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        // unnest cannot take a ragged text[][], so each result's errors travel as one string, split again in SQL.
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => JoinErrors(r.Errors)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(marks.IsMarked).ToArray() });

        var inserted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetGuid(0));
        }

        return inserted;
    }

    private static async Task<List<StatusTransition>> ApplyToStatusAsync(
        NpgsqlConnection connection, List<CheckCompleted> results, MaintenanceMarks marks, CancellationToken cancellationToken)
    {
        var statuses = await LockStatusesAsync(connection, results.Select(r => r.MonitorId).Distinct().Order().ToArray(), cancellationToken);
        var counted = new HashSet<MonitorStatus>();
        var transitions = new List<StatusTransition>();
        foreach (var result in results.OrderBy(r => r.ScheduledAt).ThenBy(r => r.CheckId))
        {
            var status = statuses[result.MonitorId];
            var applied = StatusRules.Apply(status, result, marks.IsMarked(result));
            if (applied.Counted)
            {
                counted.Add(status);
            }

            if (applied.Previous is { } previous)
            {
                transitions.Add(new StatusTransition
                {
                    Id = Guid.CreateVersion7(),
                    MonitorId = result.MonitorId,
                    CheckId = result.CheckId,
                    PreviousState = previous,
                    State = status.State,
                    ChangedAt = result.CheckedAt,
                    Error = Truncate(result.Error),
                    StatusCode = result.StatusCode,
                    LatencyMs = result.LatencyMs,
                    Maintenance = applied.Maintenance,
                });
            }
        }

        await UpdateStatusesAsync(connection, counted, cancellationToken);
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
            INSERT INTO status_transitions (id, monitor_id, check_id, previous_state, state, changed_at, error, status_code, latency_ms, maintenance)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<StatusTransition>> FindTransitionsAsync(NpgsqlConnection connection, Guid[] checkIds, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, monitor_id, check_id, previous_state, state, changed_at, error, status_code, latency_ms, maintenance
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
            });
        }

        return transitions;
    }

    private static MonitorStatusChanged ToMessage(StatusTransition t) => new()
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
    };

    private static string? Truncate(string? error) => error is { Length: > 1024 } ? error[..1024] : error;

    /// <summary>The errors as one string separated by U+001F (split by <c>string_to_array</c>), each cut to 1024 characters.</summary>
    private static string JoinErrors(IReadOnlyList<string>? errors) =>
        string.Join('\u001f', (errors ?? []).Where(e => e.Length > 0).Select(e => Truncate(e.Replace('\u001f', ' '))));
}
