using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Prometheus;
using System.Text.Json;
using Sentinel.Checker.Domains;
using Sentinel.Checks;
using Sentinel.Conditions;
using Sentinel.Contracts;

namespace Sentinel.Checker.Probes;

/// <summary>
/// Runs one <see cref="RunCheck"/> to its <see cref="CheckCompleted"/>: probes, judges the conditions, retries as
/// the monitor allows. At most <see cref="CheckerOptions.Concurrency"/> checks run at once in this process. Every
/// result carries this checker's region and what the recorder needs to decide a due time checked from several.
/// </summary>
public sealed class CheckRunner(ProbeSelector probes, DomainExpiry domains, IOptions<CheckerOptions> options) : IDisposable
{
    private static readonly Counter Checks = Metrics.CreateCounter(
        "sentinel_checks_total", "Checks run by this checker, by probe kind, result and the checker's region.", "kind", "result", "region");

    // Labelled by kind and region (one per process) only: a label per monitor would make one series set per monitor.
    private static readonly Histogram Latency = Metrics.CreateHistogram(
        "sentinel_latency_seconds", "Time a probe took, from request start to answer or failure.",
        new HistogramConfiguration
        {
            LabelNames = ["kind", "region"],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private static readonly Gauge InFlight = Metrics.CreateGauge(
        "sentinel_checks_in_flight", "Checks this checker is running right now.");

    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency);
    private readonly string _region = options.Value.Region;
    private long _completed;

    /// <summary>Checks running now (holding one of the <see cref="CheckerOptions.Concurrency"/> slots).</summary>
    public int Running => options.Value.Concurrency - _slots.CurrentCount;

    /// <summary>Checks completed since the previous call.</summary>
    public long TakeCompleted() => Interlocked.Exchange(ref _completed, 0);

    /// <param name="dispatchedAt">When the scheduler sent the check, copied into the result.</param>
    public async Task<CheckCompleted> RunAsync(RunCheck check, DateTime? dispatchedAt, CancellationToken stopping)
    {
        await _slots.WaitAsync(stopping);
        try
        {
            var checkedAt = DateTime.UtcNow;
            var (kind, run, errors, attempts, longest) = await CheckAsync(check, stopping);

            var status = errors.Count == 0 ? CheckStatus.Up : CheckStatus.Down;
            var latency = run?.Latency ?? TimeSpan.Zero;
            Checks.WithLabels(kind, status == CheckStatus.Up ? "up" : "down", _region).Inc();
            Latency.WithLabels(kind, _region).Observe(latency.TotalSeconds);
            Interlocked.Increment(ref _completed);

            return new CheckCompleted
            {
                CheckId = check.CheckId,
                MonitorId = check.MonitorId,
                ScheduledAt = check.ScheduledAt,
                DispatchedAt = dispatchedAt,
                CheckedAt = checkedAt,
                Status = status,
                LatencyMs = Math.Round(latency.TotalMilliseconds, 3),
                Attempts = attempts,
                StatusCode = run?.StatusCode,
                Error = errors.Count == 0 ? null : string.Join("; ", errors),
                Errors = errors,
                FailureThreshold = check.FailureThreshold,
                SuccessThreshold = check.SuccessThreshold,
                Region = _region,
                RegionCount = check.RegionCount,
                Quorum = check.Quorum,
                DegradedAboveMs = check.DegradedAboveMs,
                LongestMs = longest.TotalMilliseconds,
            };
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// Probes and judges, and while the check fails and the spec's retries allow, waits
    /// <see cref="ProbeCheck.RetryDelaySeconds"/> and does it again: the last attempt's result is the check's.
    /// Also the longest the spec lets a check take (<see cref="ProbeCheck.Longest"/>; zero with no spec to run).
    /// </summary>
    private async Task<(string Kind, ProbeRun? Run, List<string> Errors, int Attempts, TimeSpan Longest)> CheckAsync(RunCheck check, CancellationToken stopping)
    {
        ProbeCheck? spec;
        try
        {
            spec = CheckSpecJson.Deserialize(check.Check) as ProbeCheck;
        }
        catch (JsonException ex)
        {
            // The api stores only valid specs; this guards against a message from elsewhere (or a newer scheduler).
            return ("unknown", null, [$"not a check this checker can run: {ex.Message}"], 0, TimeSpan.Zero);
        }

        if (spec is null || probes.For(spec) is not { } probe)
        {
            return ("unknown", null, [$"no probe for this kind of check ({spec?.Kind.Name ?? "none"})"], 0, spec?.Longest ?? TimeSpan.Zero);
        }

        var kind = spec.Kind.Name;
        List<Condition> conditions;
        try
        {
            conditions = spec.Conditions.Select(Condition.Parse).ToList();
        }
        catch (ConditionException ex)
        {
            // The api refuses such conditions when a monitor is saved; this guards against a message from elsewhere.
            return (kind, null, [$"invalid condition: {ex.Message}"], 0, spec.Longest);
        }

        for (var attempt = 1; ; attempt++)
        {
            var (run, errors) = await AttemptAsync(probe, spec, conditions, stopping);
            if (errors.Count == 0 || attempt > spec.Retries)
            {
                return (kind, run, errors, attempt, spec.Longest);
            }

            await Task.Delay(TimeSpan.FromSeconds(ProbeCheck.RetryDelaySeconds), stopping);
        }
    }

    /// <summary>
    /// One probe, judged: the probe's own error first (a check that got no answer is down whatever its conditions),
    /// then each condition that does not hold, with the value it saw. Empty when up.
    /// </summary>
    private async Task<(ProbeRun Run, List<string> Errors)> AttemptAsync(
        IProbe probe, ProbeCheck spec, List<Condition> conditions, CancellationToken stopping)
    {
        var run = new ProbeRun(spec, readBody: conditions.Any(c => c.Uses(Placeholder.Body)));
        var errors = new List<string>();
        if (await ProbeAsync(probe, run, stopping) is { } probeError)
        {
            errors.Add(probeError);
        }

        var facts = new CheckFacts
        {
            Status = run.StatusCode,
            ResponseTimeMs = run.Latency.TotalMilliseconds,
            Body = run.Body,
            Connected = run.Connected,
            CertificateExpiresIn = run.CertificateNotAfter - DateTime.UtcNow,
            DnsRcode = run.DnsRcode,
            Addresses = run.Addresses,
            Answers = run.Answers,
            Result = run.Result,
            // Looked up (and cached) only for conditions that ask; it does not depend on the probe's answer.
            DomainExpiresIn = conditions.Any(c => c.Uses(Placeholder.DomainExpiration))
                ? await domains.ExpiresInAsync(run.Target.IdnHost, stopping)
                : null,
        };
        errors.AddRange(conditions.Select(c => c.Evaluate(facts)).OfType<string>());
        return (run, errors);
    }

    private static async Task<string?> ProbeAsync(IProbe probe, ProbeRun run, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(run.Spec.Timeout);
        using var _ = InFlight.TrackInProgress();
        try
        {
            return await probe.ProbeAsync(run, timeout.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"timed out after {run.Spec.Timeout.TotalSeconds}s";
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return Describe(ex);
        }
        finally
        {
            run.Answered();
        }
    }

    /// <summary>The outer message with the innermost cause: "Connection refused (127.0.0.1:8080)" beats "An error occurred while sending the request".</summary>
    private static string Describe(Exception ex)
    {
        var root = ex;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        var message = ex.Message.Contains(root.Message, StringComparison.Ordinal)
            ? ex.Message
            : $"{ex.Message.TrimEnd('.')}: {root.Message}";
        return message.Length <= 1000 ? message : message[..1000];
    }
}

