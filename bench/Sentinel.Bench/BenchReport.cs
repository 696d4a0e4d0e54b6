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

    /// <summary>The highest offered rate whose step was sustained (see <see cref="LoadResult.Sustained"/>).</summary>
    public double? SaturationPerSecond => Steps.Where(s => s.Sustained).Select(s => (double?)s.OfferedPerSecond).Max();

    /// <summary>Sentinel's CPU per check, every process included, over blackbox_exporter's alone.</summary>
    public double? CpuRatio => Main is null || Blackbox is not { CpuPerThousand: > 0 } ? null : Main.TotalCpuPerThousand / Blackbox.CpuPerThousand;

    public static string StepLine(LoadResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.OfferedPerSecond:0}/s offered: {r.RecordedPerSecond:0}/s recorded, lag p99 {r.LagP99Ms:0} ms, due to recorded p99 {r.EndToEndP99Ms:0} ms, missed {r.Missed}, doubled {r.Duplicated}, " +
        $"{r.TotalCpuPerThousand:0.00} CPU s per 1000 checks -> {(r.Sustained ? "sustained" : "NOT sustained")}");

    public string ToTable()
    {
        var t = new StringBuilder();
        void Line(FormattableString text) => t.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Line($"Sentinel benchmark, commit {options.Commit}, {MachineDescription()}");
        Line($"");
        Line($"Saturation (interval {options.IntervalSeconds} s, {options.StepSeconds} s per step)");
        Line($"{"offered/s",10} {"recorded/s",11} {"lag p50",8} {"lag p99",8} {"lag max",8} {"e2e p50",8} {"e2e p99",8} {"missed",7} {"doubled",8} {"down",6} {"CPU s/1k",9}  verdict");
        foreach (var s in Steps)
        {
            Line($"{s.OfferedPerSecond,10:0} {s.RecordedPerSecond,11:0} {s.LagP50Ms,6:0}ms {s.LagP99Ms,6:0}ms {s.LagMaxMs,6:0}ms {s.EndToEndP50Ms,6:0}ms {s.EndToEndP99Ms,6:0}ms {s.Missed,7} {s.Duplicated,8} {s.Down,6} {s.TotalCpuPerThousand,9:0.000}  {(s.Sustained ? "sustained" : "NOT sustained")}");
        }

        Line($"Saturation point: {(SaturationPerSecond is { } sat ? $"{sat:0} checks/s" : "below the lowest rate tried")}");

        if (Main is { } m)
        {
            Line($"");
            Line($"Main run: {m.Monitors} monitors every {m.IntervalSeconds} s = {m.OfferedPerSecond:0} checks/s offered, measured {m.WindowSeconds:0} s");
            Line($"  recorded            {m.RecordedPerSecond:0} checks/s ({m.Recorded} of {m.Expected} due in the window; missed {m.Missed}, doubled {m.Duplicated}, down {m.Down})");
            Line($"  schedule lag        p50 {m.LagP50Ms:0.0} ms, p99 {m.LagP99Ms:0.0} ms, max {m.LagMaxMs:0.0} ms");
            Line($"  due to recorded     p50 {m.EndToEndP50Ms:0.0} ms, p99 {m.EndToEndP99Ms:0.0} ms, max {m.EndToEndMaxMs:0.0} ms");
            Line($"  {"process",-18} {"CPU s/1k checks",15} {"RSS start",10} {"RSS end",9} {"RSS peak",9}");
            foreach (var part in ours)
            {
                var (start, end) = m.RssMiB.GetValueOrDefault(part);
                Line($"  {part,-18} {m.CpuPerThousand.GetValueOrDefault(part),15:0.000} {start,7:0} MiB {end,5:0} MiB {PeakRssMiB.GetValueOrDefault(part),5:0} MiB");
            }

            Line($"  {"total",-18} {m.TotalCpuPerThousand,15:0.000}");
        }

        if (Blackbox is { } b)
        {
            Line($"");
            Line($"blackbox_exporter, same offered load ({b.OfferedPerSecond:0} probes/s), measured {b.WindowSeconds:0} s");
            Line($"  completed           {b.CompletedPerSecond:0} probes/s ({b.Succeeded} succeeded, {b.Failed} failed, {b.Dropped} never started)");
            Line($"  probe latency       p50 {b.LatencyP50Ms:0.0} ms, p99 {b.LatencyP99Ms:0.0} ms");
            Line($"  CPU s/1k probes     {b.CpuPerThousand:0.000} (exporter alone; the target used {b.TargetCpuPerThousand:0.000} more), peak RSS {b.PeakRssMiB:0} MiB");
            Line($"  CPU per check, Sentinel (every process) / blackbox_exporter (alone): {CpuRatio:0.00}");
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
            Line($"                      {(a.Claim.UsesDueIndex && !a.Claim.ScansTable ? "through ix_monitors_due, no table scan" : "NOT through ix_monitors_due alone")}; claimed {a.Claim.Claimed} rows, {a.Claim.SharedBuffers} buffers, {a.Claim.ExecutionMs:0.0} ms");
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

        return t.ToString();
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
        },
        SaturationPerSecond,
        Steps = Steps.Select(Json),
        Main = Main is null ? null : Json(Main),
        PeakRssMiB,
        Blackbox,
        CpuRatioToBlackbox = CpuRatio,
        Api,
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
        r.Missed, r.Duplicated, r.Down, r.LagP50Ms, r.LagP99Ms, r.LagMaxMs, r.EndToEndP50Ms, r.EndToEndP99Ms,
        r.EndToEndMaxMs, r.CpuPerThousand, r.TotalCpuPerThousand, r.Sustained,
        RssMiB = r.RssMiB.ToDictionary(x => x.Key, x => new { x.Value.Start, x.Value.End }),
    };

    private static string MachineDescription()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({model}), {memKb / 1048576.0:0} GiB");
    }
}
