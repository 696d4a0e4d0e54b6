namespace Sentinel.Data;

/// <summary>
/// One monitor's results in one UTC day and region: its <see cref="CheckRollup"/> hours summed. Written by the
/// scheduler's housekeeping from the hourly rollups of each finished day (again for recent days, which a late result
/// may still change), so uptime and latency stay readable after the hourly rollups leave their retention window.
/// </summary>
public sealed class DailyRollup
{
    public Guid MonitorId { get; set; }

    /// <summary>The start of the UTC day.</summary>
    public DateTime Day { get; set; }

    public string Region { get; set; } = Sentinel.ServiceDefaults.RegionNames.Default;

    public int Checks { get; set; }
    public int UpChecks { get; set; }
    public double LatencySumMs { get; set; }
    public double? LatencyMinMs { get; set; }
    public double? LatencyMaxMs { get; set; }

    /// <summary>Result counts per <see cref="Data.LatencyHistogram"/> bucket, the hours' counts summed.</summary>
    public int[] LatencyHistogram { get; set; } = new int[Data.LatencyHistogram.BucketCount];

    /// <summary>The <see cref="Day"/> a UTC time counts in.</summary>
    public static DateTime DayOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerDay, DateTimeKind.Utc);
}
