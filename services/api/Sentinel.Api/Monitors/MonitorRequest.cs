namespace Sentinel.Api.Monitors;

/// <summary>The body of POST and PUT. Omitted fields take their defaults (PUT replaces the whole monitor).</summary>
public sealed record MonitorRequest
{
    public string? Name { get; init; }

    /// <summary><c>check</c> (the default) or <c>heartbeat</c>.</summary>
    public string? Type { get; init; }
    public string? Url { get; init; }

    /// <summary>For a heartbeat, the expected period between pings.</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>Heartbeats only: how late a ping may be before the monitor counts it missed.</summary>
    public int? GraceSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool? Enabled { get; init; }
    public string? Method { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public string? Body { get; init; }
    public string? ContentType { get; init; }
    public BasicAuthRequest? BasicAuth { get; init; }
    public string? BearerToken { get; init; }
    public bool? FollowRedirects { get; init; }
    public bool? VerifyTls { get; init; }
    public int? Retries { get; init; }
    public List<int>? ExpectedStatusCodes { get; init; }
    public List<string>? Conditions { get; init; }
    public int? FailureThreshold { get; init; }
    public int? SuccessThreshold { get; init; }
    public List<Guid>? ChannelIds { get; init; }
    public List<string>? Tags { get; init; }
    public bool? SendOnResolved { get; init; }
    public int? ReminderIntervalMinutes { get; init; }
}

/// <summary>HTTP basic authentication; a password sent back as the api showed it (masked) keeps the stored one.</summary>
public sealed record BasicAuthRequest
{
    public string? Username { get; init; }
    public string? Password { get; init; }
}
