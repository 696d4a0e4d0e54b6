namespace Sentinel.Data;

/// <summary>Where notifications go. Written by the api, read by the alerter.</summary>
public sealed class AlertChannel
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary><c>slack</c>, <c>discord</c>, <c>email</c> or <c>webhook</c>.</summary>
    public required string Type { get; set; }

    /// <summary>Type-specific settings: <c>webhookUrl</c> (slack, discord), <c>to</c> (email), <c>url</c> (webhook).</summary>
    public ChannelConfig Config { get; set; } = new();

    /// <summary>Applies to every monitor, in addition to the monitor's own channels.</summary>
    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The settings of every channel type in one shape; each type uses its own fields.</summary>
public sealed class ChannelConfig
{
    public string? WebhookUrl { get; set; }
    public string? Url { get; set; }
    public List<string>? To { get; set; }
}
