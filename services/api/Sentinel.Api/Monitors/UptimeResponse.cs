namespace Sentinel.Api.Monitors;

/// <summary>
/// A monitor's uptime over a window: whole UTC hours from <see cref="From"/> to <see cref="To"/> (now). The
/// percentage is check-weighted (up checks over checks); latency figures and the percentage are null without checks.
/// </summary>
public sealed record UptimeResponse(
    Guid MonitorId,
    string Window,
    DateTime From,
    DateTime To,
    double? UptimePercent,
    long Checks,
    long UpChecks,
    double? MeanLatencyMs,
    double? P95LatencyMs,
    IReadOnlyList<IncidentResponse> Incidents);

/// <summary>A down period, clipped to the window; <see cref="End"/> is null while the monitor is still down.</summary>
public sealed record IncidentResponse(DateTime Start, DateTime? End, double DurationSeconds);
