using System.Diagnostics;
using System.Net.Sockets;
using MassTransit;
using Prometheus;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Consumers;

/// <summary>Probes the target of a <see cref="RunCheck"/> and publishes what it saw as <see cref="CheckCompleted"/>.</summary>
public sealed class RunCheckConsumer(ProbeSelector probes) : IConsumer<RunCheck>
{
    private static readonly Counter Checks = Metrics.CreateCounter(
        "sentinel_checks_total", "Checks run by this checker, by probe kind and result.", "kind", "result");

    // Labelled by kind only: a label per monitor would make one series set per monitor.
    private static readonly Histogram Latency = Metrics.CreateHistogram(
        "sentinel_latency_seconds", "Time a probe took, from request start to answer or failure.",
        new HistogramConfiguration
        {
            LabelNames = ["kind"],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private static readonly Gauge InFlight = Metrics.CreateGauge(
        "sentinel_checks_in_flight", "Checks this checker is running right now.");

    public async Task Consume(ConsumeContext<RunCheck> context)
    {
        var check = context.Message;
        var checkedAt = DateTime.UtcNow;
        var (kind, outcome, elapsed) = await ProbeAsync(check, context.CancellationToken);

        var status = outcome.Error is null ? CheckStatus.Up : CheckStatus.Down;
        Checks.WithLabels(kind, status == CheckStatus.Up ? "up" : "down").Inc();
        Latency.WithLabels(kind).Observe(elapsed.TotalSeconds);

        await context.Publish(new CheckCompleted
        {
            CheckId = check.CheckId,
            MonitorId = check.MonitorId,
            ScheduledAt = check.ScheduledAt,
            CheckedAt = checkedAt,
            Status = status,
            LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3),
            StatusCode = outcome.StatusCode,
            Error = outcome.Error,
            FailureThreshold = check.FailureThreshold,
            SuccessThreshold = check.SuccessThreshold,
        });
    }

    private async Task<(string Kind, ProbeOutcome Outcome, TimeSpan Elapsed)> ProbeAsync(RunCheck check, CancellationToken stopping)
    {
        if (!Uri.TryCreate(check.Url, UriKind.Absolute, out var target) || probes.For(target) is not { } probe)
        {
            return ("unknown", ProbeOutcome.Down($"no probe for '{check.Url}'"), TimeSpan.Zero);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(check.TimeoutSeconds));
        using var _ = InFlight.TrackInProgress();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await probe.ProbeAsync(check, target, timeout.Token);
            return (probe.Kind, outcome, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (probe.Kind, ProbeOutcome.Down($"timed out after {check.TimeoutSeconds}s"), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return (probe.Kind, ProbeOutcome.Down(Describe(ex)), Stopwatch.GetElapsedTime(started));
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

