using System.Globalization;

namespace Sentinel.Bench;

/// <summary>What a bare new-connection HTTP round trip cost, client and server: the floor under a check's CPU.</summary>
public sealed record FloorResult
{
    /// <summary>The rate aimed at (the main run's offered rate) and the one wrk kept.</summary>
    public required double TargetPerSecond { get; init; }

    /// <summary>Why there are no figures (wrk is missing); null when measured.</summary>
    public string? NotMeasured { get; init; }

    public double RequestsPerSecond { get; init; }
    public long Requests { get; init; }
    public int Connections { get; init; }
    public int DelayMs { get; init; }
    public double WindowSeconds { get; init; }

    /// <summary>wrk's CPU seconds per 1,000 requests (the client: a checker's probe at its cheapest).</summary>
    public double ClientCpuPerThousand { get; init; }

    /// <summary>nginx's CPU seconds per 1,000 requests (the server, the same target every check probes).</summary>
    public double ServerCpuPerThousand { get; init; }

    public double CpuPerThousand => ClientCpuPerThousand + ServerCpuPerThousand;

    /// <summary>Answers not 2xx/3xx and socket errors: either makes the figure not a round trip's.</summary>
    public long Failures { get; init; }
}

/// <summary>
/// The floor of a check: wrk against the bench's nginx with <c>Connection: close</c>, a new TCP connection and one
/// HTTP request per round trip, as a check makes, at about the main run's rate. Debian's wrk is a closed loop and has
/// no rate option; a Lua <c>delay()</c> of a few milliseconds before each request makes each connection's cycle
/// about that plus the round trip, and a short calibration run picks the connections that come near the rate.
/// </summary>
public sealed class ConnectionFloor(string targetUrl, ProcessSampler sampler)
{
    private const int DelayMs = 2;
    private const int MaxConnections = 1000;

    public async Task<FloorResult> RunAsync(double perSecond, TimeSpan window, Action<string> progress)
    {
        if (WrkRun.Find() is not { } wrk)
        {
            progress("floor: skipped, wrk is not installed (Debian package wrk; ./sentinel bench installs it)");
            return new FloorResult { TargetPerSecond = perSecond, NotMeasured = "skipped: wrk is not installed" };
        }

        var script = Path.Combine(Path.GetTempPath(), $"sentinel-bench-delay-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, $"function delay() return {DelayMs} end\n");
        try
        {
            List<string> Arguments(int connections, int seconds) =>
            [
                "--threads", "1", "--connections", $"{connections}", "--duration", $"{seconds}s", "--timeout", "5s", "--latency",
                "--header", "Connection: close", "--script", script, targetUrl,
            ];

            // A cycle is the delay and a round trip: a guess of twice the delay, corrected by what the calibration kept.
            var connections = Math.Clamp((int)Math.Ceiling(perSecond * 2 * DelayMs / 1000), 1, MaxConnections);
            var calibration = await WrkRun.RunAsync(wrk, Arguments(connections, 3));
            if (calibration.RequestsPerSecond > 0)
            {
                connections = Math.Clamp((int)Math.Round(connections * perSecond / calibration.RequestsPerSecond), 1, MaxConnections);
            }

            progress(string.Create(CultureInfo.InvariantCulture,
                $"floor: wrk -t1 -c{connections} with Connection: close and {DelayMs} ms between requests, for about {perSecond:0}/s (calibration kept {calibration.RequestsPerSecond:0}/s): {window.TotalSeconds:0} s"));
            var before = sampler.Sample();
            var clientBefore = ProcessSampler.ReapedChildrenSeconds();
            var run = await WrkRun.RunAsync(wrk, Arguments(connections, (int)window.TotalSeconds));
            // wrk is this process's child, reaped by now: its CPU is in our children's times (nothing else runs then).
            var client = ProcessSampler.ReapedChildrenSeconds() - clientBefore;
            var server = ProcessSampler.CpuBetween(before, sampler.Sample()).GetValueOrDefault("nginx");
            var thousands = run.Requests / 1000.0;
            return new FloorResult
            {
                TargetPerSecond = perSecond, RequestsPerSecond = run.RequestsPerSecond, Requests = run.Requests, Connections = connections,
                DelayMs = DelayMs, WindowSeconds = window.TotalSeconds,
                ClientCpuPerThousand = thousands == 0 ? 0 : client / thousands,
                ServerCpuPerThousand = thousands == 0 ? 0 : server / thousands,
                Failures = run.NotSuccessful + run.SocketErrors,
            };
        }
        finally
        {
            File.Delete(script);
        }
    }
}
