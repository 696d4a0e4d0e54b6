namespace Sentinel.ServiceDefaults;

/// <summary>
/// The buckets of the histograms that time a check's way through the pipeline (due → sent by the scheduler, due →
/// recorded): fine enough that a p50 or p99 read from them (the benchmark reads them) is within a bucket of the
/// truth, with bounds at 1 s and 2 s, which the benchmark's "sustained" rule compares against exactly.
/// </summary>
public static class DelayBuckets
{
    public static readonly double[] Seconds =
        [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 30, 60, 120];
}
