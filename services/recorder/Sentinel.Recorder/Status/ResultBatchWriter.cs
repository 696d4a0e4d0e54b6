using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Slots;
using Sentinel.ServiceDefaults;

namespace Sentinel.Recorder.Status;

/// <summary>
/// Writes a batch of results and the status changes they cause in one transaction. Plain Npgsql with array
/// parameters rather than EF Core: this is the hottest write path, a few statements per batch whatever its size.
/// </summary>
/// <remarks>
/// A monitor checked from one region (<see cref="CheckCompleted.RegionCount"/> 1, nearly all of them) is moved by
/// each result as it comes. One checked from several is moved once per due time, when the last region's result
/// completes its slot (<see cref="CheckSlots"/>) or, if a region stays silent, by the <see cref="SlotDeadlineSweep"/>;
/// batches without such results run the same statements as before regions.
/// </remarks>
public sealed class ResultBatchWriter(NpgsqlDataSource dataSource, IOptions<RecorderOptions> options)
{
    /// <summary>
    /// Stores the results that are not stored yet (a redelivered result is skipped by its check id, a result for a
    /// deleted monitor is dropped), marked when a maintenance window covered their monitor when they were due
    /// (<see cref="MaintenanceMarks"/>), applies them to the monitors' status in due order (a multi-region one
    /// through its slot), adds the unmarked ones to the hourly rollups, and returns the transitions to publish: the
    /// new ones, and those a redelivered result had already caused, so none is lost.
    /// </summary>
    public async Task<IReadOnlyList<MonitorStatusChanged>> WriteAsync(IReadOnlyList<CheckCompleted> results, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var marks = await MaintenanceMarks.ReadAsync(connection, results, cancellationToken);
        var inserted = await InsertResultsAsync(connection, results, marks, cancellationToken);
        var fresh = results.Where(r => inserted.Contains(r.CheckId)).ToList();
        var changes = new List<MonitorStatusChanged>();
        List<DecidedSlot> decided = [];
        if (fresh.Count > 0)
        {
            // Slots before statuses: the lock order CheckSlots describes.
            var fromSeveral = fresh.Where(IsFromSeveralRegions).ToList();
            if (fromSeveral.Count > 0)
            {
                decided = await CheckSlots.GatherAsync(
                    connection, fromSeveral, marks, TimeSpan.FromSeconds(options.Value.SlotMarginSeconds), cancellationToken);
            }

            var decisions = fresh.Where(r => !IsFromSeveralRegions(r)).Select(r => Decision.Of(r, marks.IsMarked(r)))
                .Concat(decided.Select(s => s.Decision()).OfType<Decision>())
                .ToList();
            var transitions = await StatusChanges.ApplyAsync(connection, decisions, cancellationToken);
            // Only the results inserted just now. Those taken in maintenance count in no uptime figure, so in no rollup.
            await HourlyRollup.UpsertAsync(connection, HourlyRollup.From(fresh.Where(r => !marks.IsMarked(r))), cancellationToken);
            changes.AddRange(transitions.Select(StatusChanges.ToMessage));
        }

        // A multi-region result's transition is its due time's, recorded under the verdict id.
        var repeated = results.Where(r => !inserted.Contains(r.CheckId))
            .Select(r => IsFromSeveralRegions(r) ? CheckSlots.VerdictId(r.MonitorId, r.ScheduledAt) : r.CheckId)
            .Distinct().ToArray();
        if (repeated.Length > 0)
        {
            changes.AddRange((await StatusChanges.FindAsync(connection, repeated, cancellationToken)).Select(StatusChanges.ToMessage));
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var slot in decided)
        {
            CheckSlots.CountDecided(slot, CheckSlots.ByAllRegions);
        }

        return changes;
    }

    private static bool IsFromSeveralRegions(CheckCompleted result) => result.RegionCount > 1;

    private static async Task<HashSet<Guid>> InsertResultsAsync(
        NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, MaintenanceMarks marks, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO check_results (check_id, monitor_id, scheduled_at, dispatched_at, checked_at, status, latency_ms, status_code, error, errors, maintenance, region)
            SELECT r.check_id, r.monitor_id, r.scheduled_at, r.dispatched_at, r.checked_at, r.status, r.latency_ms, r.status_code, r.error,
                   string_to_array(r.errors, chr(31)), r.maintenance, r.region
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                AS r(check_id, monitor_id, scheduled_at, dispatched_at, checked_at, status, latency_ms, status_code, error, errors, maintenance, region)
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
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => StatusChanges.Truncate(r.Error)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        // unnest cannot take a ragged text[][], so each result's errors travel as one string, split again in SQL.
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => JoinErrors(r.Errors)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(marks.IsMarked).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => RegionNames.OrDefault(r.Region)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });

        var inserted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetGuid(0));
        }

        return inserted;
    }

    /// <summary>The errors as one string separated by U+001F (split by <c>string_to_array</c>), each cut to 1024 characters.</summary>
    private static string JoinErrors(IReadOnlyList<string>? errors) =>
        string.Join('\u001f', (errors ?? []).Where(e => e.Length > 0).Select(e => StatusChanges.Truncate(e.Replace('\u001f', ' '))));
}
