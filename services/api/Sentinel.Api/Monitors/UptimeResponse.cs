namespace Sentinel.Api.Monitors;

/// <summary>
/// A monitor's uptime over a window: whole UTC hours (whole days where only daily rollups are kept) from
/// <see cref="From"/> to <see cref="To"/> (now, or the end asked for). The
/// percentage is check-weighted (up checks over checks); latency figures and the percentage are null without checks.
/// </summary>
/// <param name="Window">The window asked for (<c>24h</c>…); null when asked for by <c>from</c> and <c>to</c>.</param>
/// <param name="Region">The region whose checks are counted; null for every region the monitor is checked from.</param>
/// <param name="Incidents">The monitor's down periods, which its regions decide together (the same for any region).</param>
public sealed record UptimeResponse(
    Guid MonitorId,
    string? Window,
    string? Region,
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
