using Sentinel.Data;

namespace Sentinel.Api.Channels;

public sealed record ChannelResponse(Guid Id, string Name, string Type, ChannelConfigResponse Config, bool Default, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ChannelResponse From(AlertChannel c) => new(
        c.Id, c.Name, c.Type,
        new ChannelConfigResponse(SecretUrl.Mask(c.Config.WebhookUrl), SecretUrl.Mask(c.Config.Url), c.Config.To),
        c.IsDefault, c.CreatedAt, c.UpdatedAt);
}

/// <summary>Webhook URLs carry their credentials in the path, so only their host and last characters are shown.</summary>
public sealed record ChannelConfigResponse(string? WebhookUrl, string? Url, IReadOnlyList<string>? To);

public sealed record ChannelTestResponse(Guid ChannelId, bool Succeeded, string? Error);

public static class SecretUrl
{
    /// <summary><c>https://hooks.slack.com/services/T0/B0/XyZ9abcd</c> becomes <c>https://hooks.slack.com/…abcd</c>.</summary>
    public static string? Mask(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url is null ? null : "…";
        }

        var rest = uri.PathAndQuery.TrimStart('/');
        return rest.Length == 0 ? $"{uri.Scheme}://{uri.Authority}/" : $"{uri.Scheme}://{uri.Authority}/…{rest[^Math.Min(4, rest.Length / 3)..]}";
    }
}
