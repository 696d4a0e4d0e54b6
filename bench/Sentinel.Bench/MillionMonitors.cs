using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Sentinel.Bench;

/// <summary>A part's resident memory over the million-monitor run, in MiB.</summary>
public sealed record PartMemory(double StartMiB, double EndMiB, double PeakMiB);

/// <summary>What a million monitors registered did to the scheduler's claim, the API and each part's memory.</summary>
public sealed record MillionResult
{
    /// <summary>The goal for each API operation's p99 with a million monitors registered (issue 16).</summary>
    public const double GoalP99Ms = 50;

    public required int Monitors { get; init; }
    public required int IntervalSeconds { get; init; }
    public required double SeedSeconds { get; init; }
    public double OfferedPerSecond => (double)Monitors / IntervalSeconds;
    public required double WindowSeconds { get; init; }

    /// <summary>Results due in the window, per second of it: whether the pipeline kept up with the offered rate.</summary>
    public required double RecordedPerSecond { get; init; }

    /// <summary>The monitors table with its indexes, in bytes, at the end of the window.</summary>
    public required long MonitorsTableBytes { get; init; }

    public required ClaimPlan Claim { get; init; }
    public required Dictionary<string, OperationLatency> Operations { get; init; }

    /// <summary>From seeding to the end of the window, every part's memory, sampled each second.</summary>
    public required Dictionary<string, PartMemory> Memory { get; init; }

    public IEnumerable<string> Lines()
    {
        string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        yield return "";
        yield return Line($"A million monitors: {Monitors} registered every {IntervalSeconds} s = {OfferedPerSecond:0} checks/s offered (seeded in {SeedSeconds:0} s; monitors table and indexes {MonitorsTableBytes / 1048576.0:0} MiB), measured {WindowSeconds:0} s");
        yield return Line($"  recorded            {RecordedPerSecond:0} checks/s of those due in the window");
        yield return Line($"  scheduler claim     {Claim.Plan}");
        var perMonitor = Claim.Claimed == 0 ? "nothing due to claim" : Line($"{(double)Claim.SharedBuffers / Claim.Claimed:0.0} buffers per monitor claimed");
        yield return Line($"                      claimed {Claim.Claimed} rows reading {Claim.SharedBuffers} buffers ({perMonitor}), {Claim.ExecutionMs:0.0} ms; {(Claim.UsesDueIndex && !Claim.ScansTable ? "through ix_monitor_schedule_due, no table scan" : "NOT through ix_monitor_schedule_due alone")}");
        foreach (var (name, op) in Operations)
        {
            yield return Line($"  {name,-20} p50 {op.P50Ms,6:0.0} ms, p99 {op.P99Ms,6:0.0} ms, max {op.MaxMs,6:0.0} ms ({op.Requests} requests) -> {(op.P99Ms < GoalP99Ms ? "within" : "NOT within")} goal (p99 < {GoalP99Ms:0} ms)");
        }

        yield return Line($"  {"process",-18} {"RSS start",10} {"RSS end",9} {"RSS peak",9}");
        foreach (var (part, memory) in Memory)
        {
            yield return Line($"  {part,-18} {memory.StartMiB,6:0} MiB {memory.EndMiB,5:0} MiB {memory.PeakMiB,5:0} MiB");
        }
    }
}

/// <summary>
/// A million monitors at a 10-minute interval (about 1,667 checks/s): seeded straight into the database as every
/// other part of the bench seeds, the pipeline left to run, then the scheduler's claim explained (it must read only
/// the rows it claims, however many monitors exist), the API timed as <see cref="ApiLatency"/> times it, and every
/// part's memory followed from seeding to the end.
/// </summary>
public sealed class MillionMonitors(
    string connectionString, ApiLatency api, PipelineMetrics metrics, IReadOnlyDictionary<string, int> processes, IReadOnlyCollection<string> parts, string targetUrl)
{
    public const int Count = 1_000_000;
    public const int IntervalSeconds = 600;

    /// <summary>Runs it for <paramref name="window"/> after a warm-up; removes the monitors afterwards.</summary>
    public async Task<MillionResult> RunAsync(TimeSpan window, int requests, Action<string> progress)
    {
        // Its own connections, whose commands may take minutes (writing or deleting a million rows), and its own
        // sampler, whose peaks are this run's alone.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.CommandTimeout = 900;
        await using var db = builder.Build();
        var sampler = new ProcessSampler(processes);
        var load = new SentinelLoad(db, sampler, metrics, parts, targetUrl);

        var start = sampler.Sample();
        var peak = start.ToDictionary(p => p.Key, p => p.Value.RssBytes);
        using var stop = new CancellationTokenSource();
        var memory = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (part, usage) in sampler.Sample())
                {
                    peak[part] = Math.Max(peak.GetValueOrDefault(part), usage.RssBytes);
                }

                await Task.Delay(1000, CancellationToken.None);
            }
        });

        progress($"a million monitors: seeding {Count} every {IntervalSeconds} s ({(double)Count / IntervalSeconds:0} checks/s)");
        await ClearAsync(load);
        var seeding = Stopwatch.StartNew();
        var first = await load.SeedAsync(Count, IntervalSeconds, TimeSpan.FromSeconds(2));
        var seedSeconds = seeding.Elapsed.TotalSeconds;

        // A minute for every part to reach its steady state (the scheduler's first claims, the queues, the recorder's
        // status rows), then the window: the API timed and the claim explained while checks run.
        var windowStart = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var windowEnd = windowStart + window;
        progress($"a million monitors: seeded in {seedSeconds:0} s; warming up 60 s, then measuring {window.TotalSeconds:0} s");
        await Task.Delay(windowStart - DateTime.UtcNow);
        var operations = await api.TimeOperationsAsync(requests);
        var claim = await api.ExplainClaimAsync();
        if (windowEnd > DateTime.UtcNow)
        {
            await Task.Delay(windowEnd - DateTime.UtcNow);
        }

        var end = sampler.Sample();
        await stop.CancelAsync();
        await memory;

        // The window's last checks are still under way: their results are given a few seconds.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var recorded = await ScalarAsync<long>(db, "SELECT count(*) FROM check_results WHERE scheduled_at >= $1 AND scheduled_at < $2", windowStart, windowEnd);
        var tableBytes = await ScalarAsync<long>(db, "SELECT pg_total_relation_size('monitors')");
        progress($"a million monitors: {recorded / window.TotalSeconds:0} checks/s recorded, first due {first:HH:mm:ss}");
        var result = new MillionResult
        {
            Monitors = Count,
            IntervalSeconds = IntervalSeconds,
            SeedSeconds = seedSeconds,
            WindowSeconds = window.TotalSeconds,
            RecordedPerSecond = recorded / window.TotalSeconds,
            MonitorsTableBytes = tableBytes,
            Claim = claim,
            Operations = operations,
            Memory = parts.Where(start.ContainsKey).ToDictionary(
                p => p, p => new PartMemory(start[p].RssBytes / 1048576.0, end[p].RssBytes / 1048576.0, peak[p] / 1048576.0)),
        };
        await ClearAsync(load);
        return result;
    }

    /// <summary>
    /// Removes every monitor while checks run. TRUNCATE … CASCADE locks the monitors table, then the tables that
    /// reference it, while the recorder's inserts lock those first and read monitors after: PostgreSQL may end it
    /// as a deadlock, and it is tried again.
    /// </summary>
    private static async Task ClearAsync(SentinelLoad load)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await load.ClearAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
