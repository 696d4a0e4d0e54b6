namespace Sentinel.Api.Monitors;

/// <summary>
/// The monitor's own fields in the body of POST, PUT and PATCH; the rest of the document is its check spec
/// (<see cref="MonitorDocument"/>). Omitted fields take their defaults (PUT replaces the whole monitor).
/// </summary>
public sealed record MonitorRequest
{
    public string? Name { get; init; }

    /// <summary><c>check</c> (the default) or <c>heartbeat</c>: the same as <c>"kind": "heartbeat"</c>.</summary>
    public string? Type { get; init; }

    /// <summary>How often the monitor is checked, in seconds; for a heartbeat, the expected period between pings.</summary>
    public int? IntervalSeconds { get; init; }
    public bool? Enabled { get; init; }
    public int? FailureThreshold { get; init; }
    public int? SuccessThreshold { get; init; }
    public List<Guid>? ChannelIds { get; init; }
    public List<string>? Tags { get; init; }
    public bool? SendOnResolved { get; init; }
    public int? ReminderIntervalMinutes { get; init; }
}
