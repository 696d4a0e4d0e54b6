using System.Text.Json;
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

// Every part of Sentinel's run counts in its CPU per check; blackbox_exporter is measured on its own.
string[] ours = ["api", "scheduler", "checker", "recorder", "alerter", "rabbitmq", "postgres", "nginx"];
var sampler = new ProcessSampler(options.Processes);
await using var db = NpgsqlDataSource.Create(options.Database);
using var api = new HttpClient { BaseAddress = new Uri(options.ApiUrl), Timeout = TimeSpan.FromSeconds(30) };
api.DefaultRequestHeaders.Add("X-API-Key", options.ApiKey);
var load = new SentinelLoad(db, sampler, ours, options.TargetUrl);

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

if (options.Blackbox)
{
    await load.ClearAsync(); // Sentinel idle while the exporter is measured
    report.Blackbox = await new BlackboxLoad(options.BlackboxUrl, options.TargetUrl, sampler).RunAsync(
        report.Main.OfferedPerSecond, TimeSpan.FromSeconds(Math.Min(options.WarmUpSeconds, 10)),
        TimeSpan.FromSeconds(options.DurationSeconds), Progress);
    report.PeakRssMiB["blackbox_exporter"] = report.Blackbox.PeakRssMiB;
}

report.Api = await new ApiLatency(api, db, options.TargetUrl).RunAsync(load, options.ApiMonitors, options.ApiIntervalSeconds, options.ApiRequests, Progress);
report.Overview = await new OverviewLatency(options.ApiUrl, db, options.DashboardUser, options.DashboardPassword)
    .RunAsync(load, options.OverviewMonitors, options.OverviewRequests, Progress);
report.StatusPage = await new StatusPageThroughput(options.ApiUrl, db, sampler).RunAsync(load, options.StatusPageChecks, options.IntervalSeconds,
    options.StatusPageRuns, options.StatusPageSeconds, options.StatusPageConnections, Progress);

await stop.CancelAsync();
await memory;

var output = options.Output ?? Path.Combine("bench-results", $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions { WriteIndented = true }));
Console.Write(report.ToTable());
Console.WriteLine($"\nJSON: {Path.GetFullPath(output)}");
if (options.RequireSustained && report.Main is not { Sustained: true })
{
    Console.Error.WriteLine("sentinel bench: the main run was not sustained (see the table)");
    return 3;
}

if (options.RequireComplete && report.Main is not { Complete: true })
{
    Console.Error.WriteLine("sentinel bench: the main run missed or doubled due checks (see the table)");
    return 3;
}

return 0;

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new ArgumentException($"{name} is not set: run the benchmark with ./sentinel bench");
