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
/// HTTP request per round trip, as a check makes, at about the main run's rate (CPU per round trip falls as the rate
/// rises: more of them per wake-up). Debian's wrk is a closed loop and has no rate option. With 8 connections on one
/// thread it runs flat out for 2 s; if that is not well above the rate, flat out is the measure (the rate it kept is
/// printed). Otherwise a Lua <c>delay()</c> before each request stretches each connection's cycle to 8 / rate, and
/// up to three 2 s calibration runs adjust the connections until the rate kept is within 10 %. (Many connections
/// with short delays do not work: wrk's timers are a list it scans on every wake-up.)
/// </summary>
public sealed class ConnectionFloor(string targetUrl, ProcessSampler sampler)
{
    private const int Connections = 8;
    private const int CalibrationRuns = 3;
    private const int MaxConnections = 64;

    public async Task<FloorResult> RunAsync(double perSecond, TimeSpan window, Action<string> progress)
    {
        if (WrkRun.Find() is not { } wrk)
        {
            progress("floor: skipped, wrk is not installed (Debian package wrk; ./sentinel bench installs it)");
            return new FloorResult { TargetPerSecond = perSecond, NotMeasured = "skipped: wrk is not installed" };
        }

        var script = Path.Combine(Path.GetTempPath(), $"sentinel-bench-delay-{Environment.ProcessId}.lua");
        try
        {
            var delayMs = 0;
            List<string> Arguments(int connections, int seconds) =>
            [
                "--threads", "1", "--connections", $"{connections}", "--duration", $"{seconds}s", "--timeout", "5s", "--latency",
                "--header", "Connection: close", .. delayMs > 0 ? ["--script", script] : Array.Empty<string>(), targetUrl,
            ];

            var connections = Connections;
            var flatOut = await WrkRun.RunAsync(wrk, Arguments(connections, 2));
            if (flatOut.RequestsPerSecond > 1.1 * perSecond)
            {
                delayMs = Math.Max(1, (int)Math.Round(1000 * Connections / perSecond - 1000 * Connections / flatOut.RequestsPerSecond));
                await File.WriteAllTextAsync(script, $"function delay() return {delayMs} end\n");
                for (var i = 0; i < CalibrationRuns; i++)
                {
                    var calibration = await WrkRun.RunAsync(wrk, Arguments(connections, 2));
                    if (Math.Abs(calibration.RequestsPerSecond - perSecond) <= 0.1 * perSecond || calibration.RequestsPerSecond <= 0)
                    {
                        break;
                    }

                    connections = Math.Clamp((int)Math.Round(connections * perSecond / calibration.RequestsPerSecond), 1, MaxConnections);
                }
            }

            progress(string.Create(CultureInfo.InvariantCulture,
                $"floor: wrk -t1 -c{connections} with Connection: close, {delayMs} ms before each request, for about {perSecond:0}/s (flat out with {Connections}: {flatOut.RequestsPerSecond:0}/s): {window.TotalSeconds:0} s"));
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
                DelayMs = delayMs, WindowSeconds = window.TotalSeconds,
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
