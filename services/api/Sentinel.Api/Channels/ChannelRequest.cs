namespace Sentinel.Api.Channels;

/// <summary>The body of POST and PUT /api/v1/channels.</summary>
public sealed record ChannelRequest
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public ChannelConfigRequest? Config { get; init; }
    public bool? Default { get; init; }
}

/// <summary><c>webhookUrl</c> for slack and discord, <c>to</c> for email, <c>url</c> for webhook.</summary>
public sealed record ChannelConfigRequest
{
    public string? WebhookUrl { get; init; }
    public string? Url { get; init; }
    public List<string>? To { get; init; }
}
