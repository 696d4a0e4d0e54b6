using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Prometheus;
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
public sealed class ResultBatchWriter(NpgsqlDataSource dataSource, IOptions<RecorderOptions> options, ILogger<ResultBatchWriter> logger)
{
    /// <summary>
    /// Deleting a monitor locks its row, then its status, rollups and transitions (ON DELETE CASCADE). A batch
    /// updates statuses, then inserts rollups and transitions, whose foreign keys take KEY SHARE on the monitor's
    /// row: taken that late, a delete and a batch each held what the other wanted, and PostgreSQL killed the
    /// delete (40P01, a dashboard test caught it). Taken first, as the results' own foreign key took it before
    /// results lost theirs, one waits for the other. KEY SHARE blocks neither the api's updates nor other batches.
    /// </summary>
    private const string LockMonitorsSql = "SELECT 1 FROM monitors WHERE id = ANY($1) FOR KEY SHARE";

    private const string DroppedForDeletedMonitor = "monitor_deleted";
    private const string DroppedForUndeclaredRegion = "region_undeclared";

    private static readonly Counter Dropped = Metrics.CreateCounter(
        "sentinel_results_dropped_total", "Check results not stored: their monitor was deleted, or their region is not declared.", "reason");

    /// <summary>
    /// Stores the results that are not stored yet (a redelivered result is skipped by its due slot, a result for a
    /// deleted monitor or an undeclared region is dropped), marked when a maintenance window covered their monitor when they were due
    /// (<see cref="MaintenanceMarks"/>), applies them to the monitors' status in due order (a multi-region one
    /// through its slot), adds the unmarked ones to the hourly rollups, and returns the transitions to publish: the
    /// new ones, and those a redelivered result had already caused, so none is lost.
    /// </summary>
    public async Task<IReadOnlyList<MonitorStatusChanged>> WriteAsync(IReadOnlyList<CheckCompleted> results, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await LockMonitorsAsync(connection, results, cancellationToken);
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

    private static async Task LockMonitorsAsync(NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockMonitorsSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = results.Select(r => r.MonitorId).Distinct().ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsFromSeveralRegions(CheckCompleted result) => result.RegionCount > 1;

    /// <summary>
    /// One statement per batch. The results travel as narrow arrays, one element per result: the monitor id, the
    /// region's name only when it is not the default one, the due time, the latency, the offset of the probe's start,
    /// the packed <see cref="StoredOutcome"/>, and the errors only of failed results (null elements cost a bit each).
    /// SQL turns the id and the name into their numbers by joining, and hands back, by position in the batch, the
    /// results stored just now and those dropped (their monitor deleted or their region never declared): a
    /// result's position, rather than its key, since the key names the monitor by a number only the database knows.
    /// </summary>
    private static readonly string InsertSql = $"""
        WITH r AS MATERIALIZED (
            SELECT u.n, m.number AS monitor, g.number AS region, u.scheduled_at, u.latency_ms, u.checked_after_ms, u.outcome, u.errors
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::real[], $5::integer[], $6::smallint[], $7::text[]) WITH ORDINALITY
                AS u(monitor_id, region, scheduled_at, latency_ms, checked_after_ms, outcome, errors, n)
            LEFT JOIN monitors m ON m.id = u.monitor_id
            LEFT JOIN regions g ON g.name = coalesce(u.region, '{RegionNames.Default}')
        ), stored AS (
            INSERT INTO check_results (scheduled_at, monitor, latency_ms, checked_after_ms, region, outcome, errors)
            SELECT r.scheduled_at, r.monitor, r.latency_ms, r.checked_after_ms, r.region, r.outcome, string_to_array(r.errors, chr(31))
            FROM r
            WHERE r.monitor IS NOT NULL AND r.region IS NOT NULL
            ON CONFLICT (monitor, region, scheduled_at) DO NOTHING
            RETURNING monitor, region, scheduled_at
        )
        SELECT r.n, r.monitor IS NULL, r.region IS NULL
        FROM r
        LEFT JOIN stored s ON s.monitor = r.monitor AND s.region = r.region AND s.scheduled_at = r.scheduled_at
        WHERE s.monitor IS NOT NULL OR r.monitor IS NULL OR r.region IS NULL
        """;

    /// <summary>
    /// Stores the results not stored yet and returns their check ids. A redelivered result is skipped by its due
    /// slot; one whose monitor was deleted, or whose region is not declared, is dropped (counted and logged), not
    /// failing the batch the others are in.
    /// </summary>
    private async Task<HashSet<Guid>> InsertResultsAsync(
        NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, MaintenanceMarks marks, CancellationToken cancellationToken)
    {
        var monitorIds = new Guid[results.Count];
        var regions = new string?[results.Count];
        var scheduledAt = new DateTime[results.Count];
        var latencies = new float[results.Count];
        var checkedAfter = new int[results.Count];
        var outcomes = new short[results.Count];
        var errors = new string?[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            monitorIds[i] = result.MonitorId;
            regions[i] = RegionNames.OrDefault(result.Region) is var region && region == RegionNames.Default ? null : region;
            scheduledAt[i] = result.ScheduledAt;
            latencies[i] = (float)result.LatencyMs;
            checkedAfter[i] = CheckedAfterMs(result);
            outcomes[i] = StoredOutcome.Of(result.Status, marks.IsMarked(result), result.StatusCode);
            errors[i] = JoinErrors(result);
        }

        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = monitorIds });
        command.Parameters.Add(new NpgsqlParameter { Value = regions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = scheduledAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = latencies });
        command.Parameters.Add(new NpgsqlParameter { Value = checkedAfter });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes });
        command.Parameters.Add(new NpgsqlParameter { Value = errors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        // Prepared once per pooled connection (Npgsql keeps it across opens): planning this statement cost PostgreSQL
        // twice what running it does (docs/benchmarks.md).
        await command.PrepareAsync(cancellationToken);

        var inserted = new HashSet<Guid>();
        var slots = new HashSet<(Guid, string?, DateTime)>();
        int unknownMonitors = 0, undeclaredRegions = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var index = (int)reader.GetInt64(0) - 1;
                if (reader.GetBoolean(1))
                {
                    unknownMonitors++;
                }
                else if (reader.GetBoolean(2))
                {
                    undeclaredRegions++;
                }
                else if (slots.Add((monitorIds[index], regions[index], scheduledAt[index])))
                {
                    // Two results of one slot under different check ids (a sender that does not derive them from the
                    // slot): the row is the first one's.
                    inserted.Add(results[index].CheckId);
                }
            }
        }

        CountDropped(unknownMonitors, undeclaredRegions);
        return inserted;
    }

    /// <summary>When the probe started, in whole milliseconds after the due time (clamped, as a clock gone wild could put it anywhere).</summary>
    private static int CheckedAfterMs(CheckCompleted result) =>
        (int)Math.Clamp(Math.Round((result.CheckedAt - result.ScheduledAt).TotalMilliseconds), int.MinValue, int.MaxValue);

    /// <summary>
    /// What the row's <c>errors</c> holds: the result's errors, else its one-line error, else nothing; as one string
    /// separated by U+001F (split by <c>string_to_array</c>, since unnest cannot take a ragged text[][]), each cut
    /// to 1024 characters.
    /// </summary>
    private static string? JoinErrors(CheckCompleted result)
    {
        var errors = result.Errors is { Count: > 0 } ? result.Errors.Where(e => e.Length > 0) : [];
        if (!errors.Any() && !string.IsNullOrEmpty(result.Error))
        {
            errors = [result.Error];
        }

        return errors.Any() ? string.Join('\u001f', errors.Select(e => StatusChanges.Truncate(e.Replace('\u001f', ' ')))) : null;
    }

    private void CountDropped(int unknownMonitors, int undeclaredRegions)
    {
        if (unknownMonitors + undeclaredRegions == 0)
        {
            return;
        }

        Dropped.WithLabels(DroppedForDeletedMonitor).Inc(unknownMonitors);
        Dropped.WithLabels(DroppedForUndeclaredRegion).Inc(undeclaredRegions);
        logger.LogWarning(
            "Dropped {UnknownMonitors} results of monitors that no longer exist and {UndeclaredRegions} from undeclared regions",
            unknownMonitors, undeclaredRegions);
    }
}
