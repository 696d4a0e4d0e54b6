using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Sentinel.Bench;

// Run by `./sentinel bench`, which starts the system, the target and blackbox_exporter and says where they are.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = new BenchOptions
    {
        Database = Setting("SENTINEL_BENCH_DB"),
        ApiUrl = Setting("SENTINEL_BENCH_API"),
        ApiKey = Setting("SENTINEL_BENCH_API_KEY"),
        DashboardUser = Setting("SENTINEL_BENCH_USER"),
        DashboardPassword = Setting("SENTINEL_BENCH_PASSWORD"),
        TargetUrl = Setting("SENTINEL_BENCH_TARGET"),
        BlackboxUrl = Setting("SENTINEL_BENCH_BLACKBOX"),
        SchedulerUrl = Setting("SENTINEL_BENCH_SCHEDULER"),
        RecorderUrl = Setting("SENTINEL_BENCH_RECORDER"),
        Processes = File.ReadAllLines(Setting("SENTINEL_BENCH_PROCESSES"))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(p => p[0], p => int.Parse(p[1])),
        Commit = Environment.GetEnvironmentVariable("SENTINEL_BENCH_COMMIT") ?? "unknown",
    }.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"sentinel bench: {ex.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

void Progress(string message) => Console.Error.WriteLine($"bench: {message}");

// Every part of Sentinel's run counts in its CPU per check, every region's checker included (`--regions` starts
// checker-NAME for region NAME); blackbox_exporter is measured on its own.
var regionCheckers = options.Processes.Keys.Where(p => p.StartsWith(BenchReport.RegionCheckerPrefix, StringComparison.Ordinal)).ToList();
string[] ours = ["api", "scheduler", "checker", .. regionCheckers, "recorder", "alerter", "rabbitmq", "postgres", "nginx"];
if (regionCheckers.Count != options.Regions - 1)
{
    Console.Error.WriteLine($"sentinel bench: --regions {options.Regions} needs {options.Regions - 1} more checkers, and {regionCheckers.Count} run: start it with ./sentinel bench");
    return 2;
}
var sampler = new ProcessSampler(options.Processes);
await using var db = NpgsqlDataSource.Create(options.Database);
using var api = new HttpClient { BaseAddress = new Uri(options.ApiUrl), Timeout = TimeSpan.FromSeconds(30) };
api.DefaultRequestHeaders.Add("X-API-Key", options.ApiKey);
using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var metrics = new PipelineMetrics(scrape, options.SchedulerUrl, options.RecorderUrl);
var load = new SentinelLoad(db, sampler, metrics, ours, options.TargetUrl);

using var stop = new CancellationTokenSource();
var memory = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        sampler.Sample();
        await Task.Delay(1000);
    }
});

var report = new BenchReport(options, ours);
var million = new MillionMonitors(options.Database, new ApiLatency(api, db, options.TargetUrl), metrics, options.Processes, ours, options.TargetUrl);
if (options.MillionOnly)
{
    report.Million = await million.RunAsync(TimeSpan.FromSeconds(options.MillionSeconds), options.ApiRequests, Progress);
    await stop.CancelAsync();
    await memory;
    await WriteReportAsync();
    return 0;
}

if (options.Regions > 1)
{
    return await MeasureRegionsAsync();
}

Progress($"saturation: offered rates {string.Join(", ", options.Rates)} checks/s, {options.IntervalSeconds} s interval");
foreach (var rate in options.Rates)
{
    var step = await load.RunAsync(rate * options.IntervalSeconds, options.IntervalSeconds,
        TimeSpan.FromSeconds(Math.Min(options.WarmUpSeconds, 15)), TimeSpan.FromSeconds(options.StepSeconds), Progress);
    report.Steps.Add(step);
    Progress(BenchReport.StepLine(step));
    if (!step.Sustained)
    {
        break;
    }
}

report.Main = await load.RunAsync(options.Monitors, options.IntervalSeconds,
    TimeSpan.FromSeconds(options.WarmUpSeconds), TimeSpan.FromSeconds(options.DurationSeconds), Progress);
Progress(BenchReport.StepLine(report.Main));
report.PeakRssMiB = ours.Append("blackbox_exporter").ToDictionary(p => p, p => sampler.PeakRss(p) / 1048576.0);
report.Storage = await new StorageFootprint(db).MeasureAsync(report.Main, Progress);

await load.ClearAsync(); // Sentinel idle while the exporter and the floor are measured
if (options.Blackbox)
{
    report.Blackbox = await new BlackboxLoad(options.BlackboxUrl, options.TargetUrl, sampler).RunAsync(
        report.Main.OfferedPerSecond, TimeSpan.FromSeconds(Math.Min(options.WarmUpSeconds, 10)),
        TimeSpan.FromSeconds(options.DurationSeconds), Progress);
    report.PeakRssMiB["blackbox_exporter"] = report.Blackbox.PeakRssMiB;
}

// The floor's statistics settle within a minute at thousands of round trips a second; a longer main run adds nothing.
report.Floor = await new ConnectionFloor(options.TargetUrl, sampler).RunAsync(
    report.Main.OfferedPerSecond, TimeSpan.FromSeconds(Math.Min(options.DurationSeconds, 60)), Progress);

report.Api = await new ApiLatency(api, db, options.TargetUrl).RunAsync(load, options.ApiMonitors, options.ApiIntervalSeconds, options.ApiRequests, Progress);
report.Overview = await new OverviewLatency(options.ApiUrl, db, options.DashboardUser, options.DashboardPassword)
    .RunAsync(load, options.OverviewMonitors, options.OverviewRequests, Progress);
report.StatusPage = await new StatusPageThroughput(options.ApiUrl, db, sampler, metrics).RunAsync(load, options.StatusPageChecks, options.IntervalSeconds,
    options.StatusPageRuns, options.StatusPageSeconds, options.StatusPageConnections, Progress);
if (options.Million)
{
    report.Million = await million.RunAsync(TimeSpan.FromSeconds(options.MillionSeconds), options.ApiRequests, Progress);
}

await stop.CancelAsync();
await memory;

await WriteReportAsync();
if (options.RequireSustained && report.Main is not { Sustained: true })
{
    Console.Error.WriteLine("sentinel bench: the main run was not sustained (see the table)");
    return 3;
}

if (options.RequireComplete && report.Main is not { Complete: true })
{
    Console.Error.WriteLine("sentinel bench: the main run missed due checks (see the table)");
    return 3;
}

return 0;

// One due time's checks from every region and its verdict: the saturation search with every region (which also warms
// every process up, as the one-region search does before the main run), then the same monitor-slot rate from one
// region and from all, for what regions add to a monitor-slot's CPU. The other parts
// (main run, blackbox_exporter, API, dashboard, status page) measure nothing regions change: a run without
// --regions has them.
async Task<int> MeasureRegionsAsync()
{
    List<string> regions = [.. SentinelLoad.DefaultRegion, .. regionCheckers.Select(c => c[BenchReport.RegionCheckerPrefix.Length..])];
    await load.DeclareRegionsAsync(regions.Skip(1));
    Progress($"saturation with {regions.Count} regions: offered rates {string.Join(", ", options.Rates)} checks/s, {options.IntervalSeconds} s interval");
    foreach (var rate in options.Rates)
    {
        var step = await load.RunAsync(Math.Max(1, (int)Math.Round((double)rate * options.IntervalSeconds / regions.Count)), options.IntervalSeconds,
            TimeSpan.FromSeconds(Math.Min(options.WarmUpSeconds, 15)), TimeSpan.FromSeconds(options.StepSeconds), Progress, regions);
        report.RegionSteps.Add(step);
        Progress(BenchReport.StepLine(step));
        if (!step.Sustained)
        {
            break;
        }
    }

    var monitors = Math.Max(1, options.Monitors / options.Regions);
    Progress($"regions: {monitors} monitors every {options.IntervalSeconds} s from one region, then from {string.Join(", ", regions)}");
    async Task<LoadResult> CompareAsync(IReadOnlyList<string> from)
    {
        var step = await load.RunAsync(monitors, options.IntervalSeconds,
            TimeSpan.FromSeconds(options.WarmUpSeconds), TimeSpan.FromSeconds(options.DurationSeconds), Progress, from);
        Progress(BenchReport.StepLine(step));
        return step;
    }

    report.OneRegion = await CompareAsync(SentinelLoad.DefaultRegion);
    report.AllRegions = await CompareAsync(regions);

    await stop.CancelAsync();
    await memory;
    await WriteReportAsync();
    LoadResult[] compared = [report.OneRegion, report.AllRegions];
    if (options.RequireSustained && !compared.All(s => s.Sustained))
    {
        Console.Error.WriteLine("sentinel bench: the one-region or the multi-region run was not sustained (see the table)");
        return 3;
    }

    if (options.RequireComplete && !compared.All(s => s.Complete))
    {
        Console.Error.WriteLine("sentinel bench: the one-region or the multi-region run missed due checks, or missed or doubled verdicts (see the table)");
        return 3;
    }

    return 0;
}

async Task WriteReportAsync()
{
    var output = options.Output ?? Path.Combine("bench-results", $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    // A maximum read from a histogram is +Inf when a delay passed its last bucket.
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    }));
    Console.Write(report.ToTable());
    Console.WriteLine($"\nJSON: {Path.GetFullPath(output)}");
}

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new ArgumentException($"{name} is not set: run the benchmark with ./sentinel bench");
