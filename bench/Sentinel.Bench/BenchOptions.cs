using System.Globalization;

namespace Sentinel.Bench;

/// <summary>The benchmark's parameters, from the command line (see <see cref="Usage"/>), and where the system runs.</summary>
public sealed class BenchOptions
{
    public int Monitors { get; private set; } = 10_000;
    public int IntervalSeconds { get; private set; } = 2;
    public int WarmUpSeconds { get; private set; } = 20;
    public int DurationSeconds { get; private set; } = 60;
    public List<int> Rates { get; private set; } = [1000, 2500, 5000, 7500, 10_000, 12_500, 15_000, 20_000];
    public int StepSeconds { get; private set; } = 30;
    public int ApiMonitors { get; private set; } = 50_000;
    public int ApiIntervalSeconds { get; private set; } = 60;
    public int ApiRequests { get; private set; } = 300;
    public int OverviewMonitors { get; private set; } = 10_000;
    public int OverviewRequests { get; private set; } = 200;
    public int StatusPageChecks { get; private set; } = 1000;
    public int StatusPageRuns { get; private set; } = 3;
    public int StatusPageSeconds { get; private set; } = 10;
    public int StatusPageConnections { get; private set; } = 32;
    public int Regions { get; private set; } = 1;
    public bool Blackbox { get; private set; } = true;
    public bool RequireSustained { get; private set; }
    public bool RequireComplete { get; private set; }
    public string? Output { get; private set; }

    /// <summary>The million-monitor run (<see cref="MillionMonitors"/>): in the full run unless --no-million; alone with --million.</summary>
    public bool Million { get; private set; } = true;
    public bool MillionOnly { get; private set; }
    public int MillionSeconds { get; private set; } = 120;

    public required string Database { get; init; }
    public required string ApiUrl { get; init; }
    public required string ApiKey { get; init; }
    public required string DashboardUser { get; init; }
    public required string DashboardPassword { get; init; }
    public required string TargetUrl { get; init; }
    public required string BlackboxUrl { get; init; }

    /// <summary>The scheduler's and the recorder's base URLs, for their /metrics (the pipeline's delays and results recorded).</summary>
    public required string SchedulerUrl { get; init; }

    public required string RecorderUrl { get; init; }
    public required Dictionary<string, int> Processes { get; init; }
    public string Commit { get; init; } = "unknown";

    public const string Usage = """
        Usage: ./sentinel bench [OPTIONS]

          --monitors N          monitors in the main run (default 10000)
          --interval S          their interval in seconds (default 2): offered load = N / S checks per second
          --warmup S            seconds before each measurement (default 20)
          --duration S          seconds the main run is measured (default 60; 600 shows memory over 10 minutes)
          --rates R1,R2,...     offered checks per second tried, in order, to find the saturation point;
                                stops after the first rate not sustained (default 1000,2500,5000,...,15000,20000)
          --step-duration S     seconds each of those is measured (default 30)
          --api-monitors N      monitors registered while the API is timed (default 50000)
          --api-interval S      their interval (default 60)
          --api-requests N      requests timed per API operation (default 300)
          --overview-monitors N monitors registered while the dashboard's overview is timed (default 10000)
          --overview-requests N overview pages timed (default 200)
          --status-checks R     checks per second offered while the status page is loaded (default 1000)
          --status-runs N       wrk runs against the status page, after a warm-up (default 3)
          --status-duration S   seconds each wrk run lasts (default 10)
          --status-connections C wrk's connections, over 2 threads (default 32)
          --no-blackbox         skip the blackbox_exporter comparison
          --regions N           N regions, one checker each (1 to 5; default 1): instead of the one-region
                                figures above, --monitors / N monitors checked from one region, then from N
                                (quorum a majority), for CPU per monitor-slot, and the saturation search with N
                                regions, the rates being checks per second (R / N monitor-slots per second)
          --million             only the million-monitor run: 1,000,000 monitors every 600 s, the claim's
                                plan, the API timed and each process's memory (part of the full run)
          --no-million          skip the million-monitor run
          --million-duration S  seconds it is measured, after a minute's warm-up (default 120)
          --quick               a small, short run that checks the benchmark itself works
          --require-sustained   exit with status 3 unless the main run was sustained (on a machine of its own)
          --require-complete    exit with status 3 unless every check due in the main run was recorded once
                                (for CI on a shared machine: no timing in it)
          --out FILE            the JSON results (default bench-results/<UTC time>.json)
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public BenchOptions Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Number(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{name}: '{text}' is not a whole number from {min} to {max}");
            }

            switch (name)
            {
                case "--monitors": Monitors = Number(1, 1_000_000); break;
                case "--interval": IntervalSeconds = Number(1, 3600); break;
                case "--warmup": WarmUpSeconds = Number(1, 3600); break;
                case "--duration": DurationSeconds = Number(5, 24 * 3600); break;
                case "--step-duration": StepSeconds = Number(5, 3600); break;
                case "--api-monitors": ApiMonitors = Number(1, 1_000_000); break;
                case "--api-interval": ApiIntervalSeconds = Number(1, 86_400); break;
                case "--api-requests": ApiRequests = Number(1, 100_000); break;
                case "--overview-monitors": OverviewMonitors = Number(1, 1_000_000); break;
                case "--overview-requests": OverviewRequests = Number(1, 100_000); break;
                case "--status-checks": StatusPageChecks = Number(1, 100_000); break;
                case "--status-runs": StatusPageRuns = Number(1, 100); break;
                case "--status-duration": StatusPageSeconds = Number(1, 3600); break;
                case "--status-connections": StatusPageConnections = Number(2, 10_000); break;
                case "--no-blackbox": Blackbox = false; break;
                case "--regions": Regions = Number(1, 5); break;
                case "--require-sustained": RequireSustained = true; break;
                case "--require-complete": RequireComplete = true; break;
                case "--out": Output = Value(); break;
                case "--million": MillionOnly = true; break;
                case "--no-million": Million = false; break;
                case "--million-duration": MillionSeconds = Number(10, 24 * 3600); break;
                case "--rates":
                    var text = Value();
                    Rates = text.Split(',').Select(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n
                        : throw new ArgumentException($"--rates: '{r}' in '{text}' is not a positive whole number")).ToList();
                    break;
                case "--quick":
                    (Monitors, IntervalSeconds, WarmUpSeconds, DurationSeconds) = (500, 2, 5, 10);
                    (Rates, StepSeconds) = ([100, 250], 10);
                    (ApiMonitors, ApiRequests) = (2000, 30);
                    // Seeding 10,000 takes a second or two: the overview is measured at its real size even here.
                    OverviewRequests = 50;
                    // One short wrk run shows the line works; its figures are not the goals' measure.
                    (StatusPageChecks, StatusPageRuns, StatusPageSeconds) = (250, 1, 5);
                    Million = false;
                    break;
                default: throw new ArgumentException($"unknown option '{name}'");
            }
        }

        return this;
    }
}
