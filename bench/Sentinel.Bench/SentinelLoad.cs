using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;
using System.Diagnostics;
using static System.FormattableString;
using Npgsql;

namespace Sentinel.Bench;

/// <summary>What one offered load did to Sentinel, measured over a window of due times.</summary>
public sealed record LoadResult
{
    public required int Monitors { get; init; }
    public required int IntervalSeconds { get; init; }

    /// <summary>Regions each monitor is checked from: one check per region at each due time.</summary>
    public int Regions { get; init; } = 1;

    /// <summary>Regions that must fail for a due time to be down.</summary>
    public int Quorum => SentinelLoad.Majority(Regions);

    /// <summary>Checks offered per second: monitor-slots per second × <see cref="Regions"/>.</summary>
    public required double OfferedPerSecond { get; init; }

    /// <summary>Due times offered per second (monitors / interval), each checked from every region.</summary>
    public double SlotsPerSecond => OfferedPerSecond / Regions;

    public required double WindowSeconds { get; init; }

    /// <summary>The window of due times measured, [start, end): where its rows are (the partitions by due time).</summary>
    public DateTime WindowStart { get; init; }

    public DateTime WindowEnd { get; init; }

    /// <summary>
    /// Results the recorder recorded while the window lasted, per second: its <c>sentinel_results_recorded_total</c>
    /// at the window's end less at its start. (Rows by due time cannot say this: a late result is counted there
    /// once it arrives, however late; this is the rate the pipeline kept.)
    /// </summary>
    public required double RecordedPerSecond { get; init; }

    /// <summary>Checks due in the window: its due times × <see cref="Regions"/>.</summary>
    public required long Expected { get; init; }

    public required long Recorded { get; init; }

    /// <summary>
    /// Checks due in the window without a result (a seeded due time and region with no row). No result can be there
    /// twice: check_results' key is the due slot (monitor, region, due time), so the rows are the slots recorded.
    /// </summary>
    public required long Missed { get; init; }

    public required long Down { get; init; }

    /// <summary>
    /// From due to sent by the scheduler, over the checks it sent while the window lasted: read from its
    /// <c>sentinel_schedule_lag_seconds</c> histogram (<see cref="DelayHistogram.Quantile"/>), the max being the
    /// highest bucket's upper bound (+Inf beyond the last one).
    /// </summary>
    public required double LagP50Ms { get; init; }

    public required double LagP99Ms { get; init; }
    public required double LagMaxMs { get; init; }

    /// <summary>From due to recorded, over the results recorded while the window lasted: the recorder's <c>sentinel_check_delay_seconds</c>.</summary>
    public required double EndToEndP50Ms { get; init; }

    public required double EndToEndP99Ms { get; init; }
    public required double EndToEndMaxMs { get; init; }

    /// <summary>
    /// CPU seconds per 1,000 monitor-slots recorded (due times whose every region's result was recorded: recorded
    /// checks / <see cref="Regions"/>; with one region, per 1,000 checks), per part, over the window.
    /// </summary>
    public required Dictionary<string, double> CpuPerThousand { get; init; }

    public required double TotalCpuPerThousand { get; init; }

    /// <summary>CPU seconds per second of the window, per part: the cores each kept busy.</summary>
    public required Dictionary<string, double> CpuCores { get; init; }

    /// <summary>Cores busy on the whole machine over the window, whoever used them (the bench itself, other work).</summary>
    public required double MachineCores { get; init; }

    /// <summary>How the window's due times were decided; null for monitors checked from one region, which have none.</summary>
    public VerdictCounts? Verdicts { get; init; }

    /// <summary>
    /// Rows of check_slots for the window's due times. Checked from one region there should be none: such a due time
    /// is decided from its one result, as before regions, at the same cost.
    /// </summary>
    public long SlotRows { get; init; }

    /// <summary>Resident memory per part at the window's start and end, in MiB.</summary>
    public required Dictionary<string, (double Start, double End)> RssMiB { get; init; }

    /// <summary>
    /// The saturation criterion: schedule lag p99 under a second, nothing missed, and the rest of the
    /// pipeline keeping up too: results recorded as fast as offered (within 3 %) and due to recorded p99 under
    /// 2 s. (Dispatch alone can stay on time while checks pile up in the queue behind it.)
    /// </summary>
    public bool Sustained => NotSustainedBecause.Count == 0;

    /// <summary>Which parts of the <see cref="Sustained"/> criterion failed, in words; empty when sustained.</summary>
    public IReadOnlyList<string> NotSustainedBecause =>
    [
        .. LagP99Ms < 1000 ? Array.Empty<string>() : [Invariant($"schedule lag p99 {LagP99Ms:0} ms (>= 1000)")],
        .. Complete ? Array.Empty<string>() : ["due checks missed, or verdicts missed or doubled"],
        .. Verdicts is null or { RegionsMissing: 0 } ? Array.Empty<string>() : [Invariant($"{Verdicts.RegionsMissing} due times decided before every region answered")],
        .. RecordedPerSecond >= 0.97 * OfferedPerSecond ? Array.Empty<string>() : [Invariant($"{RecordedPerSecond:0} of {OfferedPerSecond:0} checks/s recorded (< 97 %)")],
        .. EndToEndP99Ms < 2000 ? Array.Empty<string>() : [Invariant($"due to recorded p99 {EndToEndP99Ms:0} ms (>= 2000)")],
    ];

    /// <summary>
    /// Every due time in the window has exactly one result per region, however late (the window's last results are
    /// waited for), and, checked from several regions, exactly one verdict taken from one result per region: what
    /// must hold on any machine, busy or not, unlike <see cref="Sustained"/>'s times.
    /// </summary>
    public bool Complete => Missed == 0 && Verdicts is null or { Complete: true };
}

/// <summary>The verdicts of a window's due times checked from several regions, from check_slots.</summary>
public sealed record VerdictCounts
{
    /// <summary>Due times in the window (each should have one verdict).</summary>
    public required long Expected { get; init; }

    /// <summary>Due times gathered in check_slots (one row per monitor and due time: its key).</summary>
    public required long Slots { get; init; }

    public required long Decided { get; init; }

    /// <summary>Decided with every region's result in (the target never fails or stalls, so all should be).</summary>
    public required long AllRegions { get; init; }

    /// <summary>
    /// Decided with some region unknown: it had not answered by the slot's deadline. A late answer is still recorded,
    /// so this is lateness (an overloaded machine), not loss: it fails <see cref="LoadResult.Sustained"/>, not
    /// <see cref="Complete"/>.
    /// </summary>
    public required long RegionsMissing { get; init; }

    /// <summary>Slots holding a region's result twice: counted twice in the verdict.</summary>
    public required long ResultsDoubled { get; init; }

    /// <summary>Due times without a verdict.</summary>
    public long Missed => Math.Max(0, Expected - Decided);

    /// <summary>Every due time decided once (the slot's key allows no second row), from one result per region at most.</summary>
    public bool Complete => Missed == 0 && ResultsDoubled == 0;
}

/// <summary>
/// Offers Sentinel a load: N monitors at one interval against the target, their due times spread evenly over the
/// interval, written straight into the database (as docs/benchmarks.md says) so that registering 50,000 takes a
/// second rather than minutes of API calls. Everything measured comes from what the system recorded.
/// </summary>
public sealed class SentinelLoad(
    NpgsqlDataSource db, ProcessSampler sampler, PipelineMetrics metrics, IReadOnlyCollection<string> ourParts, string targetUrl)
{
    /// <summary>The region every installation has, which the bench's monitors are checked from unless told otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultRegion = [RegionNames.Default];

    /// <summary>
    /// Declares the regions the bench's extra checkers serve (<c>./sentinel bench --regions</c> starts one checker
    /// per region), as the api would: not in the default set, so only monitors that name them are checked there.
    /// </summary>
    public async Task DeclareRegionsAsync(IEnumerable<string> regions)
    {
        await using var insert = db.CreateCommand(
            "INSERT INTO regions (name, is_default) SELECT unnest($1::text[]), false ON CONFLICT (name) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter { Value = regions.ToArray() });
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Replaces every monitor with <paramref name="count"/> new ones, each checked from <paramref name="regions"/>
    /// (the default region unless told) with a majority as quorum, the api's default; returns when the first is due.
    /// </summary>
    public async Task<DateTime> SeedAsync(int count, int intervalSeconds, TimeSpan startIn, IReadOnlyList<string>? regions = null)
    {
        regions ??= DefaultRegion;
        await ClearAsync();
        var first = DateTime.UtcNow + startIn;
        first = first.AddTicks(-(first.Ticks % 10)); // microseconds, as PostgreSQL keeps them
        await using var insert = db.CreateCommand("""
            WITH seed AS (SELECT gen_random_uuid() AS id, i FROM generate_series(0, $4 - 1) AS i),
            monitor AS (
                INSERT INTO monitors (id, name, check_spec, interval_seconds, enabled, failure_threshold, success_threshold,
                                      tags, send_on_resolved, created_at, updated_at, regions, quorum)
                SELECT id, 'bench-' || i, $1, $2, true, 1, 1, '{bench}', true, now(), now(), $5, $6
                FROM seed)
            INSERT INTO monitor_schedule (monitor_id, next_check_at)
            SELECT id, $3 + make_interval(secs => i * $2::float8 / $4) FROM seed
            """);
        // The spec as the api would store it for an http monitor with a 5 s timeout.
        var spec = CheckSpecJson.Serialize(new HttpCheck { Url = targetUrl, TimeoutSeconds = 5 });
        insert.Parameters.Add(new NpgsqlParameter { Value = spec, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = intervalSeconds });
        insert.Parameters.Add(new NpgsqlParameter { Value = first });
        insert.Parameters.Add(new NpgsqlParameter { Value = count });
        insert.Parameters.Add(new NpgsqlParameter { Value = regions.ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = Majority(regions.Count) });
        await insert.ExecuteNonQueryAsync();
        await Execute("ANALYZE monitors, monitor_schedule");
        return first;
    }

    /// <summary>
    /// The quorum the api gives a monitor that names none (MonitorValidation.Majority, which the bench does not
    /// reference: it writes monitors straight into the table).
    /// </summary>
    public static int Majority(int regions) => regions / 2 + 1;

    /// <summary>
    /// Deletes every monitor; cascades to statuses, transitions, rollups and deliveries. Their results stay (no
    /// foreign key: they leave with their partitions), named by numbers no monitor has any more, so no count of a
    /// later window (which joins on <c>monitors.number</c>) sees them.
    /// </summary>
    public Task ClearAsync() => Execute("TRUNCATE monitors CASCADE");

    /// <summary>Stops all checks, so the system drains between steps.</summary>
    public Task PauseAsync() => Execute("UPDATE monitors SET enabled = false WHERE enabled");

    /// <summary>
    /// Seeds the load, lets it warm up, then measures the due-time window that follows. Afterwards, checks stop
    /// and the window's last results (and verdicts) are waited for, so a slow result counts as late rather than
    /// missed. Monitors are checked from <paramref name="regions"/>, the default region unless told.
    /// </summary>
    public async Task<LoadResult> RunAsync(
        int monitors, int intervalSeconds, TimeSpan warmUp, TimeSpan window, Action<string> progress, IReadOnlyList<string>? regions = null)
    {
        regions ??= DefaultRegion;
        var offered = (double)monitors * regions.Count / intervalSeconds;
        progress(regions.Count == 1
            ? $"{monitors} monitors every {intervalSeconds} s ({offered:0} checks/s): warming up {warmUp.TotalSeconds:0} s"
            : $"{monitors} monitors every {intervalSeconds} s from {regions.Count} regions ({offered / regions.Count:0} monitor-slots/s, {offered:0} checks/s): warming up {warmUp.TotalSeconds:0} s");
        var first = await SeedAsync(monitors, intervalSeconds, TimeSpan.FromSeconds(2), regions);
        // Half a slot past the grid, so no due time sits exactly on the window's edges.
        var start = first + warmUp + TimeSpan.FromSeconds(intervalSeconds / (2.0 * monitors));
        var end = start + window;

        await DelayUntil(start);
        var before = sampler.Sample();
        var machineBefore = ProcessSampler.MachineBusySeconds();
        var metricsBefore = await metrics.ScrapeAsync();
        progress($"measuring {window.TotalSeconds:0} s");
        await DelayUntil(end);
        var after = sampler.Sample();
        var machineBusy = ProcessSampler.MachineBusySeconds() - machineBefore;
        var timed = (await metrics.ScrapeAsync()).Minus(metricsBefore);

        // Checks due just before the end are still being dispatched: pausing now would make them missed.
        await DelayUntil(end + TimeSpan.FromSeconds(Math.Max(5, intervalSeconds)));
        await PauseAsync();
        await WaitForResultsAsync(start);
        var dueTimes = ExpectedChecks(monitors, intervalSeconds, first, start, end);
        VerdictCounts? verdicts = null;
        if (regions.Count > 1)
        {
            await WaitForVerdictsAsync(start, end);
            verdicts = await QueryVerdictsAsync(start, end, regions.Count, dueTimes);
        }

        var stats = await QueryWindowAsync(start, end);
        var expected = dueTimes * regions.Count;
        var cpu = ProcessSampler.CpuBetween(before, after);
        // A monitor-slot is a due time with its every region's check: with one region, a check.
        var slotsRecorded = timed.Recorded / regions.Count;
        var perThousand = cpu.ToDictionary(c => c.Key, c => slotsRecorded == 0 ? 0 : c.Value * 1000 / slotsRecorded);
        return new LoadResult
        {
            Monitors = monitors,
            IntervalSeconds = intervalSeconds,
            Regions = regions.Count,
            OfferedPerSecond = offered,
            WindowSeconds = window.TotalSeconds,
            WindowStart = start,
            WindowEnd = end,
            RecordedPerSecond = timed.Recorded / window.TotalSeconds,
            Expected = expected,
            Recorded = stats.Rows,
            Missed = Math.Max(0, expected - stats.Rows),
            Down = stats.Down,
            LagP50Ms = timed.Lag.Quantile(0.5) * 1000,
            LagP99Ms = timed.Lag.Quantile(0.99) * 1000,
            LagMaxMs = timed.Lag.MaxAtMost() * 1000,
            EndToEndP50Ms = timed.DueToRecorded.Quantile(0.5) * 1000,
            EndToEndP99Ms = timed.DueToRecorded.Quantile(0.99) * 1000,
            EndToEndMaxMs = timed.DueToRecorded.MaxAtMost() * 1000,
            CpuPerThousand = perThousand,
            TotalCpuPerThousand = ourParts.Sum(p => perThousand.GetValueOrDefault(p)),
            CpuCores = cpu.ToDictionary(c => c.Key, c => c.Value / window.TotalSeconds),
            MachineCores = machineBusy / window.TotalSeconds,
            Verdicts = verdicts,
            SlotRows = stats.SlotRows,
            RssMiB = after.ToDictionary(a => a.Key, a => (before[a.Key].RssBytes / 1048576.0, a.Value.RssBytes / 1048576.0)),
        };
    }

    /// <summary>Due times of monitor i are first + i·interval/N + k·interval; counts those inside [start, end).</summary>
    public static long ExpectedChecks(int monitors, int intervalSeconds, DateTime first, DateTime start, DateTime end)
    {
        long total = 0;
        for (var i = 0; i < monitors; i++)
        {
            var phase = first.AddTicks((long)Math.Round(i * (double)intervalSeconds / monitors * TimeSpan.TicksPerSecond / 10) * 10);
            total += SlotsBefore(phase, end, intervalSeconds) - SlotsBefore(phase, start, intervalSeconds);
        }

        return total;
    }

    /// <summary>How many of phase, phase + interval, … fall before <paramref name="time"/>.</summary>
    private static long SlotsBefore(DateTime phase, DateTime time, int intervalSeconds) =>
        time <= phase ? 0 : (long)Math.Ceiling((time - phase).TotalSeconds / intervalSeconds);

    private sealed record WindowStats(long Rows, long Down, long SlotRows);

    /// <summary>
    /// The window's rows of the seeded monitors (joined on their numbers: results of monitors deleted earlier stay
    /// in the table), one per due slot recorded by the key, read from the partitions the window's due times fall in.
    /// </summary>
    private async Task<WindowStats> QueryWindowAsync(DateTime start, DateTime end)
    {
        await using var command = db.CreateCommand($"""
            SELECT count(*), count(*) FILTER (WHERE {StoredOutcome.StatusSql("r.outcome")} = $3),
                   (SELECT count(*) FROM check_slots WHERE scheduled_at >= $1 AND scheduled_at < $2)
            FROM check_results r JOIN monitors m ON m.number = r.monitor
            WHERE r.scheduled_at >= $1 AND r.scheduled_at < $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = start });
        command.Parameters.Add(new NpgsqlParameter { Value = end });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)CheckStatus.Down });
        command.CommandTimeout = 300;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new WindowStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The window's due times as the recorder gathered and decided them in check_slots. A slot's results are its
    /// <c>RegionResult</c>s as <c>JsonColumns.Options</c> writes them (property names as declared); a region that had
    /// not answered may be there with a null status.
    /// </summary>
    private async Task<VerdictCounts> QueryVerdictsAsync(DateTime start, DateTime end, int regions, long dueTimes)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*), count(decided_at),
                   count(*) FILTER (WHERE decided_at IS NOT NULL AND r.answered = $3),
                   count(*) FILTER (WHERE decided_at IS NOT NULL AND r.answered < $3),
                   count(*) FILTER (WHERE r.entries > r.regions)
            FROM check_slots s
            CROSS JOIN LATERAL (
                SELECT count(*) AS entries, count(DISTINCT e->>'Region') AS regions,
                       count(DISTINCT e->>'Region') FILTER (WHERE e->>'Status' IS NOT NULL) AS answered
                FROM jsonb_array_elements(s.results) AS e) r
            WHERE s.scheduled_at >= $1 AND s.scheduled_at < $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = start });
        command.Parameters.Add(new NpgsqlParameter { Value = end });
        command.Parameters.Add(new NpgsqlParameter { Value = regions });
        command.CommandTimeout = 300;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new VerdictCounts
        {
            Expected = dueTimes,
            Slots = reader.GetInt64(0),
            Decided = reader.GetInt64(1),
            AllRegions = reader.GetInt64(2),
            RegionsMissing = reader.GetInt64(3),
            ResultsDoubled = reader.GetInt64(4),
        };
    }

    /// <summary>
    /// Until every due time of the window gathered in check_slots is decided: at once when its last region answers,
    /// else by the recorder's sweep once the slot's deadline (the check's longest duration and a margin) has passed.
    /// At most 2 minutes, well past a 5 s check's deadline; what is still undecided then counts as missed.
    /// </summary>
    private async Task WaitForVerdictsAsync(DateTime start, DateTime end)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await using var count = db.CreateCommand(
                "SELECT count(*) FROM check_slots WHERE scheduled_at >= $1 AND scheduled_at < $2 AND decided_at IS NULL");
            count.Parameters.Add(new NpgsqlParameter { Value = start });
            count.Parameters.Add(new NpgsqlParameter { Value = end });
            if ((long)(await count.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Until no result due since the window opened has arrived for 3 s (at most 2 minutes): the window's stragglers
    /// are in, and a backlog left by an overloaded step has drained before the next step starts.
    /// </summary>
    private async Task WaitForResultsAsync(DateTime start)
    {
        var quiet = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        long last = -1;
        while (quiet.Elapsed < TimeSpan.FromSeconds(3) && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await using var count = db.CreateCommand("SELECT count(*) FROM check_results WHERE scheduled_at >= $1");
            count.Parameters.Add(new NpgsqlParameter { Value = start });
            var now = (long)(await count.ExecuteScalarAsync())!;
            if (now != last)
            {
                last = now;
                quiet.Restart();
            }

            await Task.Delay(500);
        }
    }

    private async Task Execute(string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    private static Task DelayUntil(DateTime utc) =>
        utc > DateTime.UtcNow ? Task.Delay(utc - DateTime.UtcNow) : Task.CompletedTask;
}
