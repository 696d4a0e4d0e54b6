using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using System.Diagnostics;
using Npgsql;

namespace Sentinel.Bench;

/// <summary>What one offered load did to Sentinel, measured over a window of due times.</summary>
public sealed record LoadResult
{
    public required int Monitors { get; init; }
    public required int IntervalSeconds { get; init; }
    public required double OfferedPerSecond { get; init; }
    public required double WindowSeconds { get; init; }

    /// <summary>Results whose recorded_at fell in the window, per second.</summary>
    public required double RecordedPerSecond { get; init; }

    public required long Expected { get; init; }
    public required long Recorded { get; init; }
    public required long Missed { get; init; }
    public required long Duplicated { get; init; }
    public required long Down { get; init; }
    public required double LagP50Ms { get; init; }
    public required double LagP99Ms { get; init; }
    public required double LagMaxMs { get; init; }
    public required double EndToEndP50Ms { get; init; }
    public required double EndToEndP99Ms { get; init; }
    public required double EndToEndMaxMs { get; init; }

    /// <summary>CPU seconds per 1,000 recorded checks, per part, over the window.</summary>
    public required Dictionary<string, double> CpuPerThousand { get; init; }

    public required double TotalCpuPerThousand { get; init; }

    /// <summary>Resident memory per part at the window's start and end, in MiB.</summary>
    public required Dictionary<string, (double Start, double End)> RssMiB { get; init; }

    /// <summary>
    /// The saturation criterion: schedule lag p99 under a second, nothing missed or doubled, and the rest of the
    /// pipeline keeping up too: results recorded as fast as offered (within 3 %) and due to recorded p99 under
    /// 2 s. (Dispatch alone can stay on time while checks pile up in the queue behind it.)
    /// </summary>
    public bool Sustained =>
        LagP99Ms < 1000 && Complete && RecordedPerSecond >= 0.97 * OfferedPerSecond && EndToEndP99Ms < 2000;

    /// <summary>
    /// Every due time in the window has exactly one result, however late (the window's last results are waited
    /// for): what must hold on any machine, busy or not, unlike <see cref="Sustained"/>'s times.
    /// </summary>
    public bool Complete => Missed == 0 && Duplicated == 0;
}

/// <summary>
/// Offers Sentinel a load: N monitors at one interval against the target, their due times spread evenly over the
/// interval, written straight into the database (as docs/benchmarks.md says) so that registering 50,000 takes a
/// second rather than minutes of API calls. Everything measured comes from what the system recorded.
/// </summary>
public sealed class SentinelLoad(NpgsqlDataSource db, ProcessSampler sampler, IReadOnlyCollection<string> ourParts, string targetUrl)
{
    /// <summary>Replaces every monitor with <paramref name="count"/> new ones; returns when the first is due.</summary>
    public async Task<DateTime> SeedAsync(int count, int intervalSeconds, TimeSpan startIn)
    {
        await ClearAsync();
        var first = DateTime.UtcNow + startIn;
        first = first.AddTicks(-(first.Ticks % 10)); // microseconds, as PostgreSQL keeps them
        await using var insert = db.CreateCommand("""
            INSERT INTO monitors (id, name, check_spec, interval_seconds, enabled, failure_threshold, success_threshold,
                                  tags, send_on_resolved, created_at, updated_at, next_check_at)
            SELECT gen_random_uuid(), 'bench-' || i, $1, $2, true, 1, 1, '{bench}', true,
                   now(), now(), $3 + make_interval(secs => i * $2::float8 / $4)
            FROM generate_series(0, $4 - 1) AS i
            """);
        // The spec as the api would store it for an http monitor with a 5 s timeout.
        var spec = CheckSpecJson.Serialize(new HttpCheck { Url = targetUrl, TimeoutSeconds = 5 });
        insert.Parameters.Add(new NpgsqlParameter { Value = spec, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = intervalSeconds });
        insert.Parameters.Add(new NpgsqlParameter { Value = first });
        insert.Parameters.Add(new NpgsqlParameter { Value = count });
        await insert.ExecuteNonQueryAsync();
        await Execute("ANALYZE monitors");
        return first;
    }

    /// <summary>Deletes every monitor; cascades to results, statuses, transitions, rollups and deliveries.</summary>
    public Task ClearAsync() => Execute("TRUNCATE monitors CASCADE");

    /// <summary>Stops all checks, so the system drains between steps.</summary>
    public Task PauseAsync() => Execute("UPDATE monitors SET enabled = false WHERE enabled");

    /// <summary>
    /// Seeds the load, lets it warm up, then measures the due-time window that follows. Afterwards, checks stop
    /// and the window's last results are waited for, so a slow result counts as late rather than missed.
    /// </summary>
    public async Task<LoadResult> RunAsync(int monitors, int intervalSeconds, TimeSpan warmUp, TimeSpan window, Action<string> progress)
    {
        var offered = (double)monitors / intervalSeconds;
        progress($"{monitors} monitors every {intervalSeconds} s ({offered:0} checks/s): warming up {warmUp.TotalSeconds:0} s");
        var first = await SeedAsync(monitors, intervalSeconds, TimeSpan.FromSeconds(2));
        // Half a slot past the grid, so no due time sits exactly on the window's edges.
        var start = first + warmUp + TimeSpan.FromSeconds(intervalSeconds / (2.0 * monitors));
        var end = start + window;

        await DelayUntil(start);
        var before = sampler.Sample();
        progress($"measuring {window.TotalSeconds:0} s");
        await DelayUntil(end);
        var after = sampler.Sample();

        // Checks due just before the end are still being dispatched: pausing now would make them missed.
        await DelayUntil(end + TimeSpan.FromSeconds(Math.Max(5, intervalSeconds)));
        await PauseAsync();
        await WaitForResultsAsync(start);
        var stats = await QueryWindowAsync(start, end);
        var expected = ExpectedChecks(monitors, intervalSeconds, first, start, end);
        var cpu = ProcessSampler.CpuBetween(before, after);
        var perThousand = cpu.ToDictionary(c => c.Key, c => stats.RecordedInWindow == 0 ? 0 : c.Value * 1000 / stats.RecordedInWindow);
        return new LoadResult
        {
            Monitors = monitors,
            IntervalSeconds = intervalSeconds,
            OfferedPerSecond = offered,
            WindowSeconds = window.TotalSeconds,
            RecordedPerSecond = stats.RecordedInWindow / window.TotalSeconds,
            Expected = expected,
            Recorded = stats.Rows,
            Missed = Math.Max(0, expected - stats.DistinctSlots),
            Duplicated = stats.Rows - stats.DistinctSlots,
            Down = stats.Down,
            LagP50Ms = stats.LagP50Ms,
            LagP99Ms = stats.LagP99Ms,
            LagMaxMs = stats.LagMaxMs,
            EndToEndP50Ms = stats.EndToEndP50Ms,
            EndToEndP99Ms = stats.EndToEndP99Ms,
            EndToEndMaxMs = stats.EndToEndMaxMs,
            CpuPerThousand = perThousand,
            TotalCpuPerThousand = ourParts.Sum(p => perThousand.GetValueOrDefault(p)),
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

    private sealed record WindowStats(
        long Rows, long DistinctSlots, long Down, long RecordedInWindow,
        double LagP50Ms, double LagP99Ms, double LagMaxMs, double EndToEndP50Ms, double EndToEndP99Ms, double EndToEndMaxMs);

    private async Task<WindowStats> QueryWindowAsync(DateTime start, DateTime end)
    {
        await using var command = db.CreateCommand("""
            WITH w AS (
                SELECT monitor_id, scheduled_at, status,
                       extract(epoch FROM dispatched_at - scheduled_at) * 1000 AS lag_ms,
                       extract(epoch FROM recorded_at - scheduled_at) * 1000 AS e2e_ms
                FROM check_results WHERE scheduled_at >= $1 AND scheduled_at < $2)
            SELECT count(*), count(DISTINCT (monitor_id, scheduled_at)), count(*) FILTER (WHERE status = 2),
                   (SELECT count(*) FROM check_results WHERE recorded_at >= $1 AND recorded_at < $2),
                   coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms), 0), coalesce(max(lag_ms), 0),
                   coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY e2e_ms), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY e2e_ms), 0), coalesce(max(e2e_ms), 0)
            FROM w
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = start });
        command.Parameters.Add(new NpgsqlParameter { Value = end });
        command.CommandTimeout = 300;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new WindowStats(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
            Convert.ToDouble(reader.GetValue(4)), Convert.ToDouble(reader.GetValue(5)), Convert.ToDouble(reader.GetValue(6)),
            Convert.ToDouble(reader.GetValue(7)), Convert.ToDouble(reader.GetValue(8)), Convert.ToDouble(reader.GetValue(9)));
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
