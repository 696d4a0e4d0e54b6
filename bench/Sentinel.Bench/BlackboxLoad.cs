using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sentinel.Bench;

/// <summary>What blackbox_exporter did with the same offered load.</summary>
public sealed record BlackboxResult
{
    public required double OfferedPerSecond { get; init; }
    public required double WindowSeconds { get; init; }
    public required double CompletedPerSecond { get; init; }
    public required long Succeeded { get; init; }
    public required long Failed { get; init; }

    /// <summary>Probes not started because too many were already waiting: the exporter could not keep up.</summary>
    public required long Dropped { get; init; }

    public required double LatencyP50Ms { get; init; }
    public required double LatencyP99Ms { get; init; }

    /// <summary>blackbox_exporter's own CPU seconds per 1,000 completed probes.</summary>
    public required double CpuPerThousand { get; init; }

    /// <summary>The target's CPU seconds per 1,000 probes, for reference (not in the ratio).</summary>
    public required double TargetCpuPerThousand { get; init; }

    public required double PeakRssMiB { get; init; }
}

/// <summary>
/// Plays Prometheus for blackbox_exporter: calls <c>/probe?target=…&amp;module=http_2xx</c> at a fixed rate, open
/// loop (each probe starts on time whether or not earlier ones finished), over kept-alive connections as a scraper
/// does. The exporter opens a fresh connection to the target per probe, as Sentinel's checker does.
/// </summary>
public sealed class BlackboxLoad(string exporterUrl, string targetUrl, ProcessSampler sampler)
{
    private const int MaxWaiting = 20_000;

    public async Task<BlackboxResult> RunAsync(double perSecond, TimeSpan warmUp, TimeSpan window, Action<string> progress)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2_000, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var probeUrl = $"{exporterUrl}/probe?module=http_2xx&target={Uri.EscapeDataString(targetUrl)}";
        var completions = new ConcurrentQueue<(double LatencyMs, bool Success, bool InWindow)>();
        var clock = Stopwatch.StartNew();
        var windowStart = warmUp;
        var windowEnd = warmUp + window;
        var waiting = 0;
        long started = 0, dropped = 0;
        var tasks = new List<Task>();
        Dictionary<string, ProcessUsage>? before = null;

        progress($"blackbox_exporter at {perSecond:0} probes/s: warming up {warmUp.TotalSeconds:0} s");
        while (clock.Elapsed < windowEnd)
        {
            if (before is null && clock.Elapsed >= windowStart)
            {
                before = sampler.Sample();
                progress($"measuring {window.TotalSeconds:0} s");
            }

            var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
            for (; started < due; started++)
            {
                if (Volatile.Read(ref waiting) >= MaxWaiting)
                {
                    dropped++;
                    continue;
                }

                Interlocked.Increment(ref waiting);
                tasks.Add(ProbeAsync());
            }

            if (tasks.Count > 50_000)
            {
                tasks.RemoveAll(t => t.IsCompleted);
            }

            await Task.Delay(5);
        }

        var after = sampler.Sample();
        await Task.WhenAll(tasks);

        var measured = completions.Where(c => c.InWindow).ToList();
        var latencies = measured.Select(c => c.LatencyMs).Order().ToArray();
        var cpu = ProcessSampler.CpuBetween(before!, after);
        var completed = measured.Count;
        return new BlackboxResult
        {
            OfferedPerSecond = perSecond,
            WindowSeconds = window.TotalSeconds,
            CompletedPerSecond = completed / window.TotalSeconds,
            Succeeded = measured.Count(c => c.Success),
            Failed = measured.Count(c => !c.Success),
            Dropped = dropped,
            LatencyP50Ms = Percentiles.Of(latencies, 0.5),
            LatencyP99Ms = Percentiles.Of(latencies, 0.99),
            CpuPerThousand = completed == 0 ? 0 : cpu["blackbox_exporter"] * 1000 / completed,
            TargetCpuPerThousand = completed == 0 ? 0 : cpu["nginx"] * 1000 / completed,
            PeakRssMiB = sampler.PeakRss("blackbox_exporter") / 1048576.0,
        };

        async Task ProbeAsync()
        {
            var begun = clock.Elapsed;
            var success = false;
            try
            {
                var body = await client.GetStringAsync(probeUrl);
                success = body.Contains("\nprobe_success 1", StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }

            var finished = clock.Elapsed;
            completions.Enqueue(((finished - begun).TotalMilliseconds, success, finished >= windowStart && finished < windowEnd));
        }
    }
}
