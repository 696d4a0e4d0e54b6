using Microsoft.EntityFrameworkCore;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>One stretch of a latency chart: its checks' p50 and p95, null when it had none.</summary>
public sealed record LatencyPoint(DateTime Start, long Checks, double? P50Ms, double? P95Ms);

/// <summary>
/// A monitor's latency over time, from its hourly rollups: their histograms summed per stretch of
/// <c>bucket</c> (a whole number of hours) and read with <see cref="LatencyHistogram.Percentile"/>, the same
/// estimate the uptime route gives for a whole window.
/// </summary>
public static class LatencySeries
{
    public static async Task<IReadOnlyList<LatencyPoint>> ReadAsync(
        SentinelDbContext db, Guid monitorId, DateTime from, DateTime to, TimeSpan bucket, CancellationToken ct)
    {
        if (bucket.Ticks % TimeSpan.TicksPerHour != 0 || bucket <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "A whole number of hours: rollups are hourly.");
        }

        from = CheckRollup.HourOf(from);
        // 30 days are 720 rows of 86 counts: summed here, which keeps the query plain.
        var hours = await db.CheckRollups.AsNoTracking()
            .Where(r => r.MonitorId == monitorId && r.BucketStart >= from && r.BucketStart <= to)
            .Select(r => new { r.BucketStart, r.Checks, r.LatencyHistogram, r.LatencyMinMs, r.LatencyMaxMs })
            .ToListAsync(ct);
        var count = (int)Math.Ceiling((to - from) / bucket);
        var points = new List<LatencyPoint>(count);
        var byBucket = hours.ToLookup(h => (int)((h.BucketStart - from) / bucket));
        for (var i = 0; i < count; i++)
        {
            var histogram = new long[LatencyHistogram.BucketCount];
            long checks = 0;
            double? min = null, max = null;
            var boundsKnown = true;
            foreach (var hour in byBucket[i])
            {
                checks += hour.Checks;
                for (var k = 0; k < histogram.Length && k < hour.LatencyHistogram.Length; k++)
                {
                    histogram[k] += hour.LatencyHistogram[k];
                }

                // As for a window: the extremes are known only if every hour knows its own.
                boundsKnown &= hour.LatencyMinMs is not null && hour.LatencyMaxMs is not null;
                min = Math.Min(min ?? double.MaxValue, hour.LatencyMinMs ?? double.MaxValue);
                max = Math.Max(max ?? double.MinValue, hour.LatencyMaxMs ?? double.MinValue);
            }

            var (low, high) = boundsKnown ? (min, max) : (null, null);
            points.Add(new LatencyPoint(
                from + i * bucket, checks, LatencyHistogram.Percentile(histogram, 0.5, low, high), LatencyHistogram.Percentile(histogram, 0.95, low, high)));
        }

        return points;
    }
}
