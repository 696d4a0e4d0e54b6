using MassTransit;
using Prometheus;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;

namespace Sentinel.Recorder.Status;

/// <summary>What every result consumer does with what it received: record, then announce the transitions.</summary>
public sealed class ResultRecorder(ResultBatchWriter writer)
{
    private static readonly Counter Recorded = Metrics.CreateCounter(
        "sentinel_results_recorded_total", "Check results received by this recorder, by result and region.", "result", "region");

    private static readonly Counter Transitions = Metrics.CreateCounter(
        "sentinel_status_changes_total", "Monitor transitions published, by the state entered.", "state");

    private static readonly Histogram BatchSize = Metrics.CreateHistogram(
        "sentinel_record_batch_size", "Results written per transaction.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 12) });

    private static readonly Histogram CheckDelay = Metrics.CreateHistogram(
        "sentinel_check_delay_seconds", "From the time a check was due to its result being recorded.",
        new HistogramConfiguration { Buckets = DelayBuckets.Seconds });

    /// <summary>
    /// Writes the results in one transaction, then publishes a <see cref="MonitorStatusChanged"/> for each
    /// transition (a crash in between republishes them on redelivery: see <see cref="ResultBatchWriter"/>).
    /// </summary>
    public async Task RecordAsync(IEnumerable<CheckCompleted> received, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var results = received.Select(Normalize).DistinctBy(r => r.CheckId).ToList();

        var changes = await writer.WriteAsync(results, cancellationToken);
        foreach (var change in changes)
        {
            await publish.Publish(change, cancellationToken);
            CountPublished(change);
        }

        var now = DateTime.UtcNow;
        BatchSize.Observe(results.Count);
        foreach (var result in results)
        {
            Recorded.WithLabels(result.Status == CheckStatus.Up ? "up" : "down", RegionNames.OrDefault(result.Region)).Inc();
            CheckDelay.Observe(Math.Max(0, (now - result.ScheduledAt).TotalSeconds));
        }
    }

    /// <summary>Counts a transition published, whoever decided it.</summary>
    public static void CountPublished(MonitorStatusChanged change) =>
        Transitions.WithLabels(change.State.ToString().ToLowerInvariant()).Inc();

    // PostgreSQL's timestamptz wants UTC; a serializer may hand back Unspecified.
    private static CheckCompleted Normalize(CheckCompleted result) => result with
    {
        ScheduledAt = AsUtc(result.ScheduledAt),
        DispatchedAt = result.DispatchedAt is { } dispatchedAt ? AsUtc(dispatchedAt) : null,
        CheckedAt = AsUtc(result.CheckedAt),
    };

    /// <summary>The time as UTC, an Unspecified one taken as UTC already (as the services send them).</summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
