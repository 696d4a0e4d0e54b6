namespace Sentinel.Api.Monitors;

/// <summary>The body of POST and PUT. Omitted fields take their defaults (PUT replaces the whole monitor).</summary>
public sealed record MonitorRequest
{
    public string? Name { get; init; }
    public string? Url { get; init; }
    public int? IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool? Enabled { get; init; }
    public string? Method { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public List<int>? ExpectedStatusCodes { get; init; }
    public List<string>? Conditions { get; init; }
    public int? FailureThreshold { get; init; }
    public int? SuccessThreshold { get; init; }
    public List<Guid>? ChannelIds { get; init; }
    public List<string>? Tags { get; init; }
    public bool? SendOnResolved { get; init; }
    public int? ReminderIntervalMinutes { get; init; }
}
