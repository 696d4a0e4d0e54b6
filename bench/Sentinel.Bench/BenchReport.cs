using System.Globalization;
using System.Text;

namespace Sentinel.Bench;

/// <summary>Everything one benchmark run measured, as a table for people and as JSON for comparing commits.</summary>
public sealed class BenchReport(BenchOptions options, IReadOnlyList<string> ours)
{
    public List<LoadResult> Steps { get; } = [];
    public LoadResult? Main { get; set; }
    public BlackboxResult? Blackbox { get; set; }
    public ApiResult? Api { get; set; }
    public OverviewResult? Overview { get; set; }
    public StatusPageResult? StatusPage { get; set; }
    public Dictionary<string, double> PeakRssMiB { get; set; } = [];
    public MillionResult? Million { get; set; }

    /// <summary>Bytes per stored check after the main run, and the steady state they make.</summary>
    public StorageResult? Storage { get; set; }

    /// <summary>A bare new-connection round trip's CPU, wrk against nginx, after the main run.</summary>
    public FloorResult? Floor { get; set; }

    /// <summary>The issue's goals for CPU per check, every Sentinel process and the target included.</summary>
    public const double BlackboxRatioGoal = 0.25;

    public const double FloorRatioGoal = 1.6;

    /// <summary>
    /// The processes file names the checker of region NAME <c>checker-NAME</c> (the default region's is
    /// <c>checker</c>): <c>./sentinel bench --regions</c> starts them.
    /// </summary>
    public const string RegionCheckerPrefix = "checker-";

    /// <summary>With <c>--regions N</c>: the monitor-slot rate of the comparison, checked from the default region alone.</summary>
    public LoadResult? OneRegion { get; set; }

    /// <summary>The same monitors and rate checked from all N regions.</summary>
    public LoadResult? AllRegions { get; set; }

    /// <summary>The saturation search with every monitor checked from all N regions.</summary>
    public List<LoadResult> RegionSteps { get; } = [];

    /// <summary>
    /// N regions' CPU per monitor-slot may be at most N times one region's: N checks are the floor, and gathering the
    /// results into one verdict should cost next to nothing beside them.
    /// </summary>
    public double RegionCpuRatioGoal => options.Regions;

    /// <summary>CPU per monitor-slot (every process, all checkers summed) from N regions over from one.</summary>
    public double? RegionCpuRatio => OneRegion is { TotalCpuPerThousand: > 0 } one && AllRegions is { } all
        ? all.TotalCpuPerThousand / one.TotalCpuPerThousand
        : null;

    /// <summary>The highest monitor-slot rate sustained with N regions.</summary>
    public double? RegionSaturationSlotsPerSecond =>
        RegionSteps.Where(s => s.Sustained).Select(s => (double?)s.SlotsPerSecond).Max();

    /// <summary>What stopped the region saturation search: the first step not sustained, in words.</summary>
    public string? RegionLimit => RegionSteps.FirstOrDefault(s => !s.Sustained) is { } step ? WhatLimits(step) : null;

    /// <summary>The highest offered rate whose step was sustained (see <see cref="LoadResult.Sustained"/>).</summary>
    public double? SaturationPerSecond => Steps.Where(s => s.Sustained).Select(s => (double?)s.OfferedPerSecond).Max();

    /// <summary>Sentinel's CPU per check, every process included, over blackbox_exporter's alone.</summary>
    public double? CpuRatio => Main is null || Blackbox is not { CpuPerThousand: > 0 } ? null : Main.TotalCpuPerThousand / Blackbox.CpuPerThousand;

    /// <summary>Sentinel's CPU per check, every process and the target included, over the floor's (client and server).</summary>
    public double? FloorRatio => Main is null || Floor is not { NotMeasured: null, CpuPerThousand: > 0 } ? null : Main.TotalCpuPerThousand / Floor.CpuPerThousand;

    private static string PassOrMiss(double? ratio, double goal) => ratio is null ? "not measured" : ratio <= goal ? "PASS" : "MISS";

    public static string StepLine(LoadResult r) => r.Regions == 1
        ? string.Create(CultureInfo.InvariantCulture,
            $"{r.OfferedPerSecond:0}/s offered: {r.RecordedPerSecond:0}/s recorded, lag p99 {r.LagP99Ms:0} ms, due to recorded p99 {r.EndToEndP99Ms:0} ms, missed {r.Missed}, " +
            $"{r.TotalCpuPerThousand:0.00} CPU s per 1000 checks -> {(r.Sustained ? "sustained" : "NOT sustained")}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{r.SlotsPerSecond:0} monitor-slots/s from {r.Regions} regions ({r.OfferedPerSecond:0} checks/s) offered: {r.RecordedPerSecond:0} checks/s recorded, lag p99 {r.LagP99Ms:0} ms, " +
            $"due to recorded p99 {r.EndToEndP99Ms:0} ms, missed {r.Missed}, verdicts {r.Verdicts?.Decided} of {r.Verdicts?.Expected}, " +
            $"{r.TotalCpuPerThousand:0.00} CPU s per 1000 monitor-slots -> {(r.Sustained ? "sustained" : "NOT sustained")}");

    /// <summary>
    /// Where a step's CPU went, in cores (every checker summed), and whether that filled the machine, with the parts of
    /// the sustained criterion it failed: what limits the rate.
    /// </summary>
    private string WhatLimits(LoadResult step)
    {
        var cores = Environment.ProcessorCount;
        var shares = ours
            .GroupBy(p => p.StartsWith("checker", StringComparison.Ordinal) ? "checkers" : p)
            .Select(g => (Part: g.Key, Cores: g.Sum(p => step.CpuCores.GetValueOrDefault(p))))
            .OrderByDescending(s => s.Cores)
            .ToList();
        var sentinel = shares.Sum(s => s.Cores);
        var where = string.Join(", ", shares.Where(s => s.Cores >= 0.01).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Part} {s.Cores:0.00}")));
        // Busy above 90 % of every core: the processes took turns on full cores, so the largest share limits first.
        var full = step.MachineCores >= 0.9 * cores;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(full ? $"the machine's {cores} cores, full" : $"not the machine's {cores} cores, not full")} ({step.MachineCores:0.00} busy, " +
            $"{sentinel:0.00} of them Sentinel's: {where}); at {step.SlotsPerSecond:0} monitor-slots/s: {string.Join("; ", step.NotSustainedBecause)}");
    }

    public string ToTable()
    {
        var t = new StringBuilder();
        void Line(FormattableString text) => t.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Line($"Sentinel benchmark, commit {options.Commit}, {MachineDescription()}");
        if (options.MillionOnly && Million is { } alone)
        {
            return t.AppendJoin(Environment.NewLine, alone.Lines()).AppendLine().ToString();
        }

        if (OneRegion is { } one && AllRegions is { } all)
        {
            RegionsTable(t, one, all);
            return t.ToString();
        }

        Line($"");
        Line($"Saturation (interval {options.IntervalSeconds} s, {options.StepSeconds} s per step)");
        // No "doubled" column: check_results' key is the due slot, so a result is stored once whatever is redelivered.
        Line($"{"offered/s",10} {"recorded/s",11} {"lag p50",8} {"lag p99",8} {"lag max≤",8} {"e2e p50",8} {"e2e p99",8} {"missed",7} {"down",6} {"CPU s/1k",9}  verdict");
        foreach (var s in Steps)
        {
            Line($"{s.OfferedPerSecond,10:0} {s.RecordedPerSecond,11:0} {s.LagP50Ms,6:0}ms {s.LagP99Ms,6:0}ms {s.LagMaxMs,6:0}ms {s.EndToEndP50Ms,6:0}ms {s.EndToEndP99Ms,6:0}ms {s.Missed,7} {s.Down,6} {s.TotalCpuPerThousand,9:0.000}  {(s.Sustained ? "sustained" : "NOT sustained")}");
        }

        Line($"Saturation point: {(SaturationPerSecond is { } sat ? $"{sat:0} checks/s" : "below the lowest rate tried")}");

        if (Main is { } m)
        {
            Line($"");
            Line($"Main run: {m.Monitors} monitors every {m.IntervalSeconds} s = {m.OfferedPerSecond:0} checks/s offered, measured {m.WindowSeconds:0} s");
            Line($"  recorded            {m.RecordedPerSecond:0} checks/s ({m.Recorded} of {m.Expected} due in the window; missed {m.Missed}, down {m.Down}; none can be doubled: the key is the due slot)");
            Line($"  schedule lag        p50 {m.LagP50Ms:0.0} ms, p99 {m.LagP99Ms:0.0} ms, max <= {m.LagMaxMs:0} ms (scheduler's histogram)");
            Line($"  due to recorded     p50 {m.EndToEndP50Ms:0.0} ms, p99 {m.EndToEndP99Ms:0.0} ms, max <= {m.EndToEndMaxMs:0} ms (recorder's histogram)");
            Line($"  {"process",-18} {"CPU s/1k checks",15} {"RSS start",10} {"RSS end",9} {"RSS peak",9}");
            foreach (var part in ours)
            {
                var (start, end) = m.RssMiB.GetValueOrDefault(part);
                Line($"  {part,-18} {m.CpuPerThousand.GetValueOrDefault(part),15:0.000} {start,7:0} MiB {end,5:0} MiB {PeakRssMiB.GetValueOrDefault(part),5:0} MiB");
            }

            Line($"  {"total",-18} {m.TotalCpuPerThousand,15:0.000}");
        }

        if (Storage is { } st)
        {
            StorageTable(t, st);
        }

        if (Blackbox is { } b)
        {
            Line($"");
            Line($"blackbox_exporter, same offered load ({b.OfferedPerSecond:0} probes/s), measured {b.WindowSeconds:0} s");
            Line($"  completed           {b.CompletedPerSecond:0} probes/s ({b.Succeeded} succeeded, {b.Failed} failed, {b.Dropped} never started)");
            Line($"  probe latency       p50 {b.LatencyP50Ms:0.0} ms, p99 {b.LatencyP99Ms:0.0} ms");
            Line($"  CPU s/1k probes     {b.CpuPerThousand:0.000} (exporter alone; the target used {b.TargetCpuPerThousand:0.000} more), peak RSS {b.PeakRssMiB:0} MiB");
            Line($"  CPU per check, Sentinel (every process) / blackbox_exporter (alone): {CpuRatio:0.00} -> {PassOrMiss(CpuRatio, BlackboxRatioGoal)} (goal <= {BlackboxRatioGoal:0.00})");
        }

        if (Floor is { } f)
        {
            Line($"");
            if (f.NotMeasured is { } why)
            {
                Line($"Floor, a new-connection HTTP round trip (wrk -> nginx, Connection: close): {why}; no figures");
            }
            else
            {
                Line($"Floor, a new-connection HTTP round trip (wrk -t1 -c{f.Connections} -> nginx, Connection: close, {f.DelayMs} ms between requests), measured {f.WindowSeconds:0} s");
                Line($"  round trips         {f.RequestsPerSecond:0}/s (aimed at {f.TargetPerSecond:0}/s, the main run's rate; {f.Requests} in all, {f.Failures} failed)");
                Line($"  CPU s/1k            {f.CpuPerThousand:0.000} (wrk {f.ClientCpuPerThousand:0.000}, nginx {f.ServerCpuPerThousand:0.000})");
                Line($"  CPU per check, Sentinel (every process) / floor: {FloorRatio:0.00} -> {PassOrMiss(FloorRatio, FloorRatioGoal)} (goal <= {FloorRatioGoal:0.0})");
                if (f.Failures > 0)
                {
                    Line($"  NOT VALID           {f.Failures} round trips failed (not 2xx/3xx, socket errors or timeouts)");
                }
            }
        }

        if (Api is { } a)
        {
            Line($"");
            Line($"API with {a.Monitors} monitors registered (checked every {a.IntervalSeconds} s)");
            foreach (var (name, op) in a.Operations)
            {
                Line($"  {name,-20} p50 {op.P50Ms,6:0.0} ms, p99 {op.P99Ms,6:0.0} ms, max {op.MaxMs,6:0.0} ms ({op.Requests} requests)");
            }

            Line($"  scheduler claim     {a.Claim.Plan}");
            Line($"                      {(a.Claim.UsesDueIndex && !a.Claim.ScansTable ? "through ix_monitor_schedule_due, no table scan" : "NOT through ix_monitor_schedule_due alone")}; claimed {a.Claim.Claimed} rows, {a.Claim.SharedBuffers} buffers, {a.Claim.ExecutionMs:0.0} ms");
        }

        if (Overview is { } o)
        {
            Line($"");
            Line($"Dashboard overview with {o.Monitors} monitors (logged in, {o.Requests} pages one at a time; targets p95 < 300 ms, first load < 500 KB)");
            Line($"  GET /               p50 {o.P50Ms,6:0.0} ms, p95 {o.P95Ms,6:0.0} ms, max {o.MaxMs,6:0.0} ms -> {(o.P95Ms < 300 ? "within" : "NOT within")} target");
            Line($"  first load          {o.FirstLoadBytes / 1024.0:0.0} KB compressed (page {o.PageBytes / 1024.0:0.0} KB, CSS {o.CssBytes / 1024.0:0.0} KB, JS {o.JsBytes / 1024.0:0.0} KB) -> {(o.FirstLoadBytes < 500 * 1024 ? "within" : "NOT within")} target");
        }

        if (StatusPage is { } p)
        {
            Line($"");
            if (p.NotMeasured is { } why)
            {
                Line($"Status page with {p.Monitors} monitors and {p.Days}-day bars: {why}; no figures");
            }
            else
            {
                string Verdict(bool within) => within ? "within" : "NOT within";
                var compressedWithin = p.CompressedBytes < StatusPageResult.GoalCompressedBytes && p.GzipBytes < StatusPageResult.GoalCompressedBytes;
                Line($"Status page with {p.Monitors} monitors and {p.Days}-day bars, GET {p.Path} (wrk: {p.Threads} threads, {p.Connections} connections, {p.Runs.Count} × {p.RunSeconds} s; {p.ChecksOfferedPerSecond:0} checks/s offered meanwhile, {p.ChecksRecordedPerSecond:0}/s recorded)");
                Line($"  requests/s          {p.RequestsPerSecond,8:0} median (runs {string.Join(", ", p.Runs.Select(r => r.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)))}) -> {Verdict(p.RequestsPerSecond >= StatusPageResult.GoalRequestsPerSecond)} goal (>= {StatusPageResult.GoalRequestsPerSecond:0})");
                Line($"  latency             p50 {p.P50Ms:0.0} ms, p99 {p.P99Ms:0.0} ms (medians of the runs) -> {Verdict(p.P99Ms < StatusPageResult.GoalP99Ms)} goal (p99 < {StatusPageResult.GoalP99Ms:0} ms)");
                Line($"  page                {p.CompressedBytes / 1024.0:0.0} KB {p.CompressedEncoding}, {p.GzipBytes / 1024.0:0.0} KB gzip, {p.UncompressedBytes / 1024.0:0.0} KB uncompressed -> {Verdict(compressedWithin)} goal (< {StatusPageResult.GoalCompressedBytes / 1024} KB compressed)");
                Line($"  api CPU             {p.ApiCpuCores:0.00} cores while loaded; lists {p.MonitorsListed} of {p.Monitors} monitors; Cache-Control: {p.CacheControl ?? "(none)"}; {(p.HasETag ? "ETag" : "no ETag")}");
                if (p.NotSuccessful + p.SocketErrors > 0)
                {
                    Line($"  NOT VALID           {p.NotSuccessful} answers not 2xx/3xx (rate limited?), {p.SocketErrors} socket errors or timeouts");
                }
            }
        }

        if (Million is { } million)
        {
            t.AppendJoin(Environment.NewLine, million.Lines()).AppendLine();
        }

        return t.ToString();
    }

    private static void StorageTable(StringBuilder t, StorageResult s)
    {
        void Line(FormattableString text) => t.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        static string Size(double bytes) => bytes >= 1e9
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");
        static string Verdict(double bytes) => bytes <= StorageResult.GoalBytesPerCheck ? "PASS" : "MISS";

        Line($"");
        Line($"Bytes per stored check, the main run's partitions ({string.Join(", ", s.Partitions)}: {s.Live.Rows} rows, every step's)");
        Line($"  {"",-22} {"heap",8} {"index",8} {"total",8}");
        Line($"  {"live (as written)",-22} {s.Live.HeapPerRow,8:0.0} {s.Live.IndexPerRow,8:0.0} {s.Live.PerRow,8:0.0}  -> {Verdict(s.Live.PerRow)} (goal <= {StorageResult.GoalBytesPerCheck:0})");
        Line($"  {"compacted",-22} {s.Compacted.HeapPerRow,8:0.0} {s.Compacted.IndexPerRow,8:0.0} {s.Compacted.PerRow,8:0.0}  -> {Verdict(s.Compacted.PerRow)}");
        Line($"  {"PostgreSQL's floor",-22} {StorageFloor.HeapBytes,8} {StorageFloor.IndexBytes,8} {StorageFloor.Bytes,8}  (the key alone: {StorageFloor.Formula})");
        Line($"  hourly rollup row    {s.RollupBytesPerRow:0.0} bytes with its key (a copy of the run's {s.RollupRows} check_rollups rows, as written)");
        Line($"Steady state, {StorageResult.FleetMonitors} monitors at {StorageResult.FleetIntervalSeconds} s with default retention: {Size(s.SteadyStateBytes)}, and {Size(s.DailyRollupBytesPerYear)} more a year of daily rollups");
        Line($"  raw, {StorageResult.RawDays} days         {StorageResult.RawRowsPerDay / 1e6:0.0} M rows a day × (1 day live × {s.Live.PerRow:0.0} B + {StorageResult.RawDays - 1} compacted × {s.Compacted.PerRow:0.0} B) = {Size(s.RawBytes)}");
        Line($"  hourly rollups, {StorageResult.HourlyRollupDays} d {StorageResult.HourlyRollupRows / 1e6:0.0} M rows ({StorageResult.FleetMonitors} × 24 × {StorageResult.HourlyRollupDays}) × {s.RollupBytesPerRow:0.0} B = {Size(s.HourlyRollupBytes)}");
        Line($"  daily rollups        {StorageResult.DailyRollupRowsPerYear / 1e6:0.00} M rows a year ({StorageResult.FleetMonitors} × 365) × {s.RollupBytesPerRow:0.0} B (an hourly row's width) = {Size(s.DailyRollupBytesPerYear)} a year, kept forever");
    }

    private void RegionsTable(StringBuilder t, LoadResult one, LoadResult all)
    {
        void Line(FormattableString text) => t.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        static string Verdicts(LoadResult r) => r.Verdicts is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"{v.Decided} of {v.Expected} decided ({v.AllRegions} with every region, {v.RegionsMissing} with a region unknown, {v.ResultsDoubled} with a region twice)")
            : string.Create(CultureInfo.InvariantCulture, $"none needed ({r.SlotRows} check_slots rows)");

        Line($"");
        Line($"Regions: {all.Monitors} monitors every {all.IntervalSeconds} s = {all.SlotsPerSecond:0} monitor-slots/s, one checker per region, quorum {all.Quorum} of {all.Regions}; measured {all.WindowSeconds:0} s each");
        Line($"  {"",-22} {"1 region",22} {$"{all.Regions} regions",22}");
        Line($"  {"checks/s offered",-22} {one.OfferedPerSecond,22:0} {all.OfferedPerSecond,22:0}");
        Line($"  {"checks/s recorded",-22} {one.RecordedPerSecond,22:0} {all.RecordedPerSecond,22:0}");
        Line($"  {"results / expected",-22} {$"{one.Recorded} / {one.Expected}",22} {$"{all.Recorded} / {all.Expected}",22}");
        Line($"  {"missed",-22} {one.Missed,22} {all.Missed,22}");
        Line($"  {"schedule lag p99",-22} {one.LagP99Ms,20:0}ms {all.LagP99Ms,20:0}ms");
        Line($"  {"due to recorded p99",-22} {one.EndToEndP99Ms,20:0}ms {all.EndToEndP99Ms,20:0}ms");
        Line($"  {"sustained",-22} {(one.Sustained ? "yes" : "NO"),22} {(all.Sustained ? "yes" : "NO"),22}");
        double Cores(LoadResult r) => ours.Sum(p => r.CpuCores.GetValueOrDefault(p));
        Line($"  {"cores busy: ours/all",-22} {$"{Cores(one):0.00} / {one.MachineCores:0.00}",22} {$"{Cores(all):0.00} / {all.MachineCores:0.00}",22}");
        Line($"  verdicts, 1 region: {Verdicts(one)}");
        Line($"  verdicts, {all.Regions} regions: {Verdicts(all)}");
        Line($"  {"CPU s/1k monitor-slots",-22} {"1 region",22} {$"{all.Regions} regions",22}");
        foreach (var part in ours)
        {
            Line($"  {part,-22} {one.CpuPerThousand.GetValueOrDefault(part),22:0.000} {all.CpuPerThousand.GetValueOrDefault(part),22:0.000}");
        }

        double Checkers(LoadResult r) => ours.Where(p => p.StartsWith("checker", StringComparison.Ordinal)).Sum(p => r.CpuPerThousand.GetValueOrDefault(p));
        Line($"  {"checkers, summed",-22} {Checkers(one),22:0.000} {Checkers(all),22:0.000}");
        Line($"  {"total",-22} {one.TotalCpuPerThousand,22:0.000} {all.TotalCpuPerThousand,22:0.000}");
        Line($"  CPU per monitor-slot, {all.Regions} regions / 1 region: {RegionCpuRatio:0.00} -> {(RegionCpuRatio <= RegionCpuRatioGoal ? "within" : "NOT within")} goal (<= {RegionCpuRatioGoal:0.0}: {all.Regions} checks are the floor)");

        Line($"");
        Line($"Saturation with {all.Regions} regions (interval {options.IntervalSeconds} s, {options.StepSeconds} s per step)");
        Line($"{"slots/s",8} {"checks/s",9} {"recorded/s",11} {"lag p99",8} {"e2e p99",8} {"missed",7} {"verdicts",17} {"late",5} {"CPU s/1k",9} {"cores",6}  verdict");
        foreach (var s in RegionSteps)
        {
            Line($"{s.SlotsPerSecond,8:0} {s.OfferedPerSecond,9:0} {s.RecordedPerSecond,11:0} {s.LagP99Ms,6:0}ms {s.EndToEndP99Ms,6:0}ms {s.Missed,7} {$"{s.Verdicts?.Decided}/{s.Verdicts?.Expected}",17} {s.Verdicts?.RegionsMissing,5} {s.TotalCpuPerThousand,9:0.000} {s.MachineCores,6:0.00}  {(s.Sustained ? "sustained" : "NOT sustained")}");
        }

        Line($"Saturation point: {(RegionSaturationSlotsPerSecond is { } sat ? $"{sat:0} monitor-slots/s ({sat * all.Regions:0} checks/s)" : "below the lowest rate tried")}");
        Line($"What limits it: {RegionLimit ?? "not reached (the highest rate tried was sustained)"}");
    }

    public object ToJson() => new
    {
        options.Commit,
        Machine = MachineDescription(),
        FinishedAt = DateTime.UtcNow,
        Settings = new
        {
            options.Monitors, options.IntervalSeconds, options.WarmUpSeconds, options.DurationSeconds, options.Rates,
            options.StepSeconds, options.ApiMonitors, options.ApiIntervalSeconds, options.ApiRequests, options.OverviewMonitors,
            options.OverviewRequests, options.StatusPageChecks, options.StatusPageRuns, options.StatusPageSeconds, options.StatusPageConnections,
            options.Regions,
        },
        Regions = OneRegion is null || AllRegions is null ? null : new
        {
            Count = AllRegions.Regions,
            Checkers = ours.Where(p => p.StartsWith("checker", StringComparison.Ordinal)),
            AllRegions.Quorum,
            OneRegion = Json(OneRegion),
            AllRegions = Json(AllRegions),
            CpuRatio = RegionCpuRatio,
            CpuRatioGoal = RegionCpuRatioGoal,
            Steps = RegionSteps.Select(Json),
            SaturationSlotsPerSecond = RegionSaturationSlotsPerSecond,
            Limit = RegionLimit,
        },
        SaturationPerSecond,
        Steps = Steps.Select(Json),
        Main = Main is null ? null : Json(Main),
        PeakRssMiB,
        Storage = Storage is null ? null : new
        {
            Storage.Partitions, Storage.Live, LivePerRow = Storage.Live.PerRow, Storage.Compacted, CompactedPerRow = Storage.Compacted.PerRow,
            FloorPerRow = StorageFloor.Bytes, Storage.RollupRows, Storage.RollupBytesPerRow, StorageResult.FleetMonitors, StorageResult.FleetIntervalSeconds,
            StorageResult.RawDays, StorageResult.HourlyRollupDays, Storage.RawBytes, Storage.HourlyRollupBytes, Storage.DailyRollupBytesPerYear,
            Storage.SteadyStateBytes,
        },
        Blackbox,
        CpuRatioToBlackbox = CpuRatio,
        CpuRatioToBlackboxGoal = BlackboxRatioGoal,
        Floor = Floor is null ? null : new
        {
            Floor.TargetPerSecond, Floor.NotMeasured, Floor.RequestsPerSecond, Floor.Requests, Floor.Connections, Floor.DelayMs, Floor.WindowSeconds,
            Floor.ClientCpuPerThousand, Floor.ServerCpuPerThousand, Floor.CpuPerThousand, Floor.Failures,
        },
        CpuRatioToFloor = FloorRatio,
        CpuRatioToFloorGoal = FloorRatioGoal,
        Api,
        Million,
        Overview = Overview is null ? null : new
        {
            Overview.Monitors, Overview.Requests, Overview.P50Ms, Overview.P95Ms, Overview.MaxMs, Overview.PageBytes, Overview.CssBytes,
            Overview.JsBytes, Overview.FirstLoadBytes,
        },
        StatusPage = StatusPage is null ? null : new
        {
            StatusPage.Monitors, StatusPage.Days, StatusPage.Path, StatusPage.ChecksOfferedPerSecond, StatusPage.ChecksRecordedPerSecond,
            StatusPage.NotMeasured, StatusPage.Threads, StatusPage.Connections, StatusPage.RunSeconds, StatusPage.Runs,
            StatusPage.RequestsPerSecond, StatusPage.P50Ms, StatusPage.P99Ms, StatusPage.CompressedBytes, StatusPage.CompressedEncoding,
            StatusPage.GzipBytes, StatusPage.UncompressedBytes, StatusPage.MonitorsListed, StatusPage.CacheControl, StatusPage.HasETag,
            StatusPage.ApiCpuCores, StatusPage.NotSuccessful, StatusPage.SocketErrors,
        },
    };

    // Tuples do not serialise by name.
    private static object Json(LoadResult r) => new
    {
        r.Monitors, r.IntervalSeconds, r.OfferedPerSecond, r.WindowSeconds, r.RecordedPerSecond, r.Expected, r.Recorded,
        r.Missed, r.Down, r.LagP50Ms, r.LagP99Ms, r.LagMaxMs, r.EndToEndP50Ms, r.EndToEndP99Ms,
        r.EndToEndMaxMs, r.CpuPerThousand, r.TotalCpuPerThousand, r.Sustained, r.Complete, r.NotSustainedBecause, r.Regions,
        r.SlotsPerSecond, r.Verdicts, r.SlotRows, r.CpuCores, r.MachineCores,
        RssMiB = r.RssMiB.ToDictionary(x => x.Key, x => new { x.Value.Start, x.Value.End }),
    };

    private static string MachineDescription()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({model}), {memKb / 1048576.0:0} GiB");
    }
}
