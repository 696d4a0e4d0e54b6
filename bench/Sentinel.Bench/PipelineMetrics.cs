using System.Globalization;
using System.Text.RegularExpressions;

namespace Sentinel.Bench;

/// <summary>
/// What the scheduler's and the recorder's <c>/metrics</c> said at one moment: every due check's lag to being sent
/// (<c>sentinel_schedule_lag_seconds</c>, observed as the scheduler sends it), every result's delay from due to
/// recorded (<c>sentinel_check_delay_seconds</c>, observed as the recorder's transaction commits) and the results
/// recorded so far (<c>sentinel_results_recorded_total</c>, every region and outcome).
/// </summary>
public sealed record PipelineSnapshot(DelayHistogram Lag, DelayHistogram DueToRecorded, double Recorded)
{
    /// <summary>What happened between <paramref name="earlier"/> and this one.</summary>
    public PipelineSnapshot Minus(PipelineSnapshot earlier) =>
        new(Lag.Minus(earlier.Lag), DueToRecorded.Minus(earlier.DueToRecorded), Recorded - earlier.Recorded);
}

/// <summary>
/// Scrapes the scheduler and the recorder (the services keep no per-check timestamps in the database since results
/// are narrow rows: the times live in these histograms).
/// </summary>
public sealed partial class PipelineMetrics(HttpClient http, string schedulerUrl, string recorderUrl)
{
    public const string LagMetric = "sentinel_schedule_lag_seconds";
    public const string DueToRecordedMetric = "sentinel_check_delay_seconds";
    public const string RecordedMetric = "sentinel_results_recorded_total";

    public async Task<PipelineSnapshot> ScrapeAsync()
    {
        var scheduler = http.GetStringAsync(new Uri(new Uri(schedulerUrl), "/metrics"));
        var recorder = http.GetStringAsync(new Uri(new Uri(recorderUrl), "/metrics"));
        var recorderText = await recorder;
        return new PipelineSnapshot(
            DelayHistogram.Parse(await scheduler, LagMetric), DelayHistogram.Parse(recorderText, DueToRecordedMetric), CounterSum(recorderText, RecordedMetric));
    }

    /// <summary>A counter summed over its label sets; 0 when the page has none yet (prometheus-net shows a labelled one once used).</summary>
    public static double CounterSum(string metrics, string name) =>
        SampleLine().Matches(metrics)
            .Where(m => m.Groups["name"].Value == name)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(?<value>[0-9.eE+-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
