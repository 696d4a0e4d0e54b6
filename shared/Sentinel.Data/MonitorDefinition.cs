namespace Sentinel.Data;

/// <summary>A target to check and how. Written by the api; the scheduler owns <see cref="NextCheckAt"/>.</summary>
public sealed class MonitorDefinition
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary><see cref="MonitorTypes.Check"/> (the scheduler sends checks) or <see cref="MonitorTypes.Heartbeat"/> (pinged; no URL).</summary>
    public string Type { get; set; } = MonitorTypes.Check;

    /// <summary>A heartbeat's ping credential (a capability: whoever has it can ping); null on checks.</summary>
    public string? HeartbeatToken { get; set; }

    /// <summary>How late a heartbeat's ping may be past its period (<see cref="IntervalSeconds"/>) before it counts as missed; 0 on checks.</summary>
    public int GraceSeconds { get; set; }

    /// <summary>When the last heartbeat ping arrived; null before the first and on checks.</summary>
    public DateTime? LastPingAt { get; set; }
    public int IntervalSeconds { get; set; }
    public int TimeoutSeconds { get; set; }
    public bool Enabled { get; set; }
    public string Method { get; set; } = "GET";
    public Dictionary<string, string> Headers { get; set; } = [];
    public List<int> ExpectedStatusCodes { get; set; } = [];

    /// <summary>HTTP request body; null sends none.</summary>
    public string? Body { get; set; }

    /// <summary>Content-Type of <see cref="Body"/>; null without a body.</summary>
    public string? ContentType { get; set; }
    public string? BasicAuthUsername { get; set; }

    /// <summary>A secret: the api shows it masked.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>A secret: the api shows it masked.</summary>
    public string? BearerToken { get; set; }
    public bool FollowRedirects { get; set; } = true;
    public bool VerifyTls { get; set; } = true;

    /// <summary>Extra attempts inside one check before a failure counts (0 to 5).</summary>
    public int Retries { get; set; }

    /// <summary>Conditions that must all hold (see docs/checks.md); validated when saved. Empty: the defaults.</summary>
    public List<string> Conditions { get; set; } = [];
    public int FailureThreshold { get; set; } = 1;
    public int SuccessThreshold { get; set; } = 1;

    /// <summary>Channels notified of this monitor's transitions, besides the default ones.</summary>
    public List<Guid> ChannelIds { get; set; } = [];

    /// <summary>Free labels to group and filter monitors by (<c>team:payments</c>, <c>prod</c>).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Also notify when the monitor recovers.</summary>
    public bool SendOnResolved { get; set; } = true;

    /// <summary>Repeat the down notice this often while the monitor stays down; null for never.</summary>
    public int? ReminderIntervalMinutes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// When the scheduler should next dispatch a check; for a heartbeat, when it reports the ping missed (a ping moves
    /// it to now + period + grace).
    /// </summary>
    public DateTime NextCheckAt { get; set; }

    public MonitorStatus? Status { get; set; }
}

/// <summary>The kinds of monitor, as stored in <c>monitors.type</c> and shown by the api.</summary>
public static class MonitorTypes
{
    public const string Check = "check";
    public const string Heartbeat = "heartbeat";
}
