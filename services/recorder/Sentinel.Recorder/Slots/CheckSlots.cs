using Npgsql;
using NpgsqlTypes;
using Prometheus;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;
using Sentinel.ServiceDefaults;

namespace Sentinel.Recorder.Slots;

/// <summary>
/// A due time of a monitor checked from several regions, decided just now (its <c>decided_at</c> set by this
/// transaction): what its regions said, and the verdict that makes.
/// </summary>
public sealed record DecidedSlot(
    Guid MonitorId, DateTime ScheduledAt, int RegionCount, int Quorum, int? DegradedAboveMs, int FailureThreshold, int SuccessThreshold,
    bool Maintenance, DateTime LastCheckedAt, List<RegionResult> Results)
{
    /// <summary>The verdict's id: the check id its transition records and the transition's own id (one due time, one transition at most).</summary>
    public Guid VerdictId => CheckSlots.VerdictId(MonitorId, ScheduledAt);

    /// <summary>Up, degraded or down by the quorum rule; null when no region answered.</summary>
    public MonitorState? Outcome => QuorumRule.Decide(Results, Quorum, DegradedAboveMs);

    /// <summary>
    /// What to apply to the monitor's status, or null when no region answered (nothing is known, so nothing moves).
    /// The transition names each failing region with what it saw ("eu: connection refused; us: [STATUS] (503) ==
    /// 200"), carries the first failing region's status code (else the first answer's), and the slowest answer's
    /// latency, which is what <c>degradedAboveMs</c> is compared with.
    /// </summary>
    public Decision? Decision()
    {
        if (Outcome is not { } outcome)
        {
            return null;
        }

        var answered = Results.Where(r => r.Status is not null).OrderBy(r => r.Region, StringComparer.Ordinal).ToList();
        var failed = answered.Where(r => r.Status == CheckStatus.Down).ToList();
        var error = failed.Count == 0 ? null : string.Join("; ", failed.Select(r => $"{r.Region}: {r.Error ?? "down"}"));
        return new Decision(
            new DueTimeVerdict(MonitorId, ScheduledAt, VerdictId, LastCheckedAt, outcome, FailureThreshold, SuccessThreshold),
            Maintenance, VerdictId, StatusChanges.Truncate(error), (failed.Count > 0 ? failed : answered).Select(r => r.StatusCode).FirstOrDefault(),
            answered.Max(r => r.LatencyMs), answered);
    }
}

/// <summary>
/// The <c>check_slots</c> statements: gathering a multi-region due time's results, deciding it once, and clearing
/// decided ones away.
/// </summary>
/// <remarks>
/// A slot is decided by a conditional <c>UPDATE … SET decided_at = now() WHERE … AND decided_at IS NULL RETURNING</c>
/// under the row's lock: whichever transaction (a result batch that brought the last region, or a deadline sweep)
/// sets it first decides, and every other finds it decided. Lock order, in every transaction that writes verdicts:
/// slot rows first (in key order, or skipped when locked), then <c>monitor_status</c> rows in monitor id order, then
/// rollup rows; a transaction waiting on a slot holds no status row, so none can deadlock.
/// </remarks>
public static class CheckSlots
{
    /// <summary>The <c>by</c> label of a due time decided when its last region answered.</summary>
    public const string ByAllRegions = "all_regions";

    /// <summary>The <c>by</c> label of a due time decided at its deadline, without some region.</summary>
    public const string ByDeadline = "deadline";

    private static readonly Counter Decided = Metrics.CreateCounter(
        "sentinel_due_times_decided_total",
        "Due times of monitors checked from several regions decided, by outcome (unknown: no region answered) and by what decided them.",
        "outcome", "by");

    private const string Returning = """
        RETURNING s.monitor_id, s.scheduled_at, s.region_count, s.quorum, s.degraded_above_ms, s.failure_threshold, s.success_threshold,
                  s.maintenance, s.last_checked_at, s.results
        """;

    // A region's result joins the slot unless a result of that region is there already (another check id of the
    // same region, say a check sent twice, must not count twice). results @> [{"Region": r}] is jsonb containment.
    private const string GatherSql = """
        INSERT INTO check_slots AS s (monitor_id, scheduled_at, region_count, quorum, degraded_above_ms, failure_threshold, success_threshold,
                                      decide_by, maintenance, last_checked_at, results)
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            AS r(monitor_id, scheduled_at, region_count, quorum, degraded_above_ms, failure_threshold, success_threshold,
                 decide_by, maintenance, last_checked_at, results)
        ORDER BY r.monitor_id, r.scheduled_at
        ON CONFLICT (monitor_id, scheduled_at) DO UPDATE SET
            results = s.results || coalesce(
                (SELECT jsonb_agg(n) FROM jsonb_array_elements(excluded.results) AS n
                 WHERE NOT s.results @> jsonb_build_array(jsonb_build_object('Region', n->'Region'))),
                '[]'::jsonb),
            last_checked_at = greatest(s.last_checked_at, excluded.last_checked_at)
        """;

    private const string DecideCompleteSql = $"""
        UPDATE check_slots AS s SET decided_at = now()
        FROM unnest($1, $2) AS k(monitor_id, scheduled_at)
        WHERE s.monitor_id = k.monitor_id AND s.scheduled_at = k.scheduled_at
          AND s.decided_at IS NULL AND jsonb_array_length(s.results) >= s.region_count
        {Returning}
        """;

    // ix_check_slots_undecided finds them; SKIP LOCKED leaves those another sweep (or a batch adding a result) holds.
    private const string DecideOverdueSql = $"""
        UPDATE check_slots AS s SET decided_at = now()
        FROM (SELECT monitor_id, scheduled_at FROM check_slots
              WHERE decided_at IS NULL AND decide_by < now()
              ORDER BY decide_by LIMIT $1 FOR UPDATE SKIP LOCKED) AS k
        WHERE s.monitor_id = k.monitor_id AND s.scheduled_at = k.scheduled_at
        {Returning}
        """;

    /// <summary>
    /// Adds freshly stored results of monitors checked from several regions to their due times' slots (created on
    /// the first region's result), and decides the slots every region has now answered. Returns those decided here.
    /// </summary>
    /// <param name="margin">Waited past a check's longest duration for a region's result before deciding without it.</param>
    public static async Task<List<DecidedSlot>> GatherAsync(
        NpgsqlConnection connection, IReadOnlyList<CheckCompleted> results, MaintenanceMarks marks, TimeSpan margin, CancellationToken cancellationToken)
    {
        // One row per slot: an INSERT … ON CONFLICT may not touch a row twice, and a batch can hold several regions' results.
        var slots = results
            .GroupBy(r => (r.MonitorId, r.ScheduledAt))
            .OrderBy(g => g.Key.MonitorId).ThenBy(g => g.Key.ScheduledAt)
            .Select(g => (First: g.OrderBy(r => r.CheckId).First(), Regions: g.OrderBy(r => r.CheckId).DistinctBy(r => RegionNames.OrDefault(r.Region)).ToList()))
            .ToList();

        await using (var command = new NpgsqlCommand(GatherSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.MonitorId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.ScheduledAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.RegionCount).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.Quorum).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.DegradedAboveMs).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.FailureThreshold).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.SuccessThreshold).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => DecideBy(s.First, margin)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => marks.IsMarked(s.First)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.Regions.Max(r => r.CheckedAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = slots.Select(s => StatusChanges.RegionsJson(s.Regions.Select(RegionResultOf).ToList())).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var decide = new NpgsqlCommand(DecideCompleteSql, connection);
        decide.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.MonitorId).ToArray() });
        decide.Parameters.Add(new NpgsqlParameter { Value = slots.Select(s => s.First.ScheduledAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        return await ReadDecidedAsync(decide, cancellationToken);
    }

    /// <summary>
    /// Decides up to <paramref name="limit"/> slots whose deadline has passed with the regions that answered (the
    /// others unknown), skipping those another transaction holds. Returns those decided here.
    /// </summary>
    public static async Task<List<DecidedSlot>> DecideOverdueAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DecideOverdueSql, connection) { Parameters = { new NpgsqlParameter { Value = limit } } };
        return await ReadDecidedAsync(command, cancellationToken);
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> slots decided more than <paramref name="after"/> ago (a late result can
    /// no longer change anything); rows another transaction holds wait for the next time.
    /// </summary>
    public static async Task<int> DeleteDecidedAsync(NpgsqlConnection connection, TimeSpan after, int limit, CancellationToken cancellationToken)
    {
        const string sql = """
            DELETE FROM check_slots WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM check_slots WHERE decided_at < now() - $1 LIMIT $2 FOR UPDATE SKIP LOCKED))
            """;
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter { Value = after }, new NpgsqlParameter { Value = limit } } };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The verdict id of a due time (<see cref="SlotCheckId.ForVerdict"/>), from its time as PostgreSQL keeps it (whole
    /// microseconds), so a result's due time and the slot's stored one give the same id.
    /// </summary>
    public static Guid VerdictId(Guid monitorId, DateTime scheduledAt) =>
        SlotCheckId.ForVerdict(monitorId, scheduledAt.AddTicks(-(scheduledAt.Ticks % TimeSpan.TicksPerMicrosecond)));

    /// <summary>Counts a due time decided, once its transaction has committed.</summary>
    public static void CountDecided(DecidedSlot slot, string by) =>
        Decided.WithLabels(slot.Outcome?.ToString().ToLowerInvariant() ?? "unknown", by).Inc();

    private static DateTime DecideBy(CheckCompleted result, TimeSpan margin) =>
        result.ScheduledAt + TimeSpan.FromMilliseconds(Math.Max(0, result.LongestMs)) + margin;

    private static RegionResult RegionResultOf(CheckCompleted result) => new()
    {
        Region = RegionNames.OrDefault(result.Region),
        Status = result.Status,
        Error = StatusChanges.Truncate(result.Error),
        StatusCode = result.StatusCode,
        LatencyMs = result.LatencyMs,
    };

    private static async Task<List<DecidedSlot>> ReadDecidedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var decided = new List<DecidedSlot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decided.Add(new DecidedSlot(
                reader.GetGuid(0), reader.GetDateTime(1), reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetBoolean(7), reader.GetDateTime(8), StatusChanges.ReadRegions(reader.GetString(9))));
        }

        return decided;
    }
}
