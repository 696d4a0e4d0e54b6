using System.Globalization;
using Sentinel.Api.Monitors;

namespace Sentinel.Api.Dashboard;

/// <summary>How the pages write times, durations and figures: UTC, invariant culture, units spelled out.</summary>
public static class Display
{
    /// <summary>The name a status has in the page's attributes and text: <c>up</c>, <c>down</c>, <c>degraded</c>, <c>pending</c>, <c>paused</c>, <c>maintenance</c>.</summary>
    public static string Status(MonitorStatusName status) => status switch
    {
        MonitorStatusName.Up => "up",
        MonitorStatusName.Down => "down",
        MonitorStatusName.Degraded => "degraded",
        MonitorStatusName.Paused => "paused",
        MonitorStatusName.Maintenance => "maintenance",
        _ => "pending",
    };

    /// <summary>For a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Machine(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string AcknowledgedVia(Data.AcknowledgementVia via) => via switch
    {
        Data.AcknowledgementVia.Api => "through the API",
        Data.AcknowledgementVia.Dashboard => "on the dashboard",
        _ => "with the link in a notice",
    };

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Hour(DateTime utc) => utc.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture);

    public static string Clock(DateTime utc) => utc.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms switch
    {
        < 10 => ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        < 10_000 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        _ => (ms / 1000).ToString("0.#", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>Enough digits that 99.95 % does not read as 100 %.</summary>
    public static string Percent(double percent) =>
        (percent is < 100 and >= 99.99 ? Math.Floor(percent * 1000) / 1000 : Math.Floor(percent * 100) / 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{Math.Max(0, (int)span.TotalSeconds)} s",
        { TotalHours: < 1 } => $"{span.Minutes} min {span.Seconds} s",
        { TotalDays: < 1 } => $"{span.Hours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    /// <summary>"1 check", "2,160 checks".</summary>
    public static string Count(long n, string thing) => $"{Number(n)} {thing}{(n == 1 ? "" : "s")}";

    public static string Number(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Number(double n) => n.ToString("0.##", CultureInfo.InvariantCulture);
}
