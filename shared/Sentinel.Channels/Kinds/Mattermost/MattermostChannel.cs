using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Mattermost;

/// <summary>A Mattermost incoming webhook (its URL is the credential), optionally posting to another channel or under another name.</summary>
public sealed record MattermostChannel : ChannelSettings
{
    /// <summary>Mattermost's longest channel name (a handle such as <c>town-square</c>).</summary>
    public const int MaxChannelLength = 64;

    public const int MaxUsernameLength = 64;

    [MaxLength(MaxUrlLength)]
    [Display(Name = "Webhook URL", Description = "A Mattermost incoming webhook: https://mattermost.example.com/hooks/…")]
    public string? WebhookUrl { get; init; }

    [MaxLength(MaxChannelLength)]
    [Display(Name = "Channel", Description = "Optional: post to this channel (its name, as in its URL: town-square) or @user instead of the webhook's own; the webhook must not be locked to its channel.")]
    public string? Channel { get; init; }

    [MaxLength(MaxUsernameLength)]
    [Display(Name = "Post as", Description = "Optional: the name posts show; needs \"Enable integrations to override usernames\" in the System Console.")]
    public string? Username { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var channel = OptionalText("channel", Channel, errors, MaxChannelLength);
        if (channel?.Any(char.IsWhiteSpace) == true)
        {
            errors.Add("channel", "A channel name (as in its URL, such as town-square) or @user, without spaces.");
        }

        return new MattermostChannel
        {
            WebhookUrl = RequireUrl("webhookUrl", SecretUrl.Unmask(WebhookUrl, (stored as MattermostChannel)?.WebhookUrl), errors),
            Channel = channel,
            Username = OptionalText("username", Username, errors, MaxUsernameLength),
        };
    }

    public override ChannelSettings Masked() => this with { WebhookUrl = SecretUrl.Mask(WebhookUrl) };

    public override string Destination => SecretUrl.Mask(WebhookUrl) + (Channel is null ? "" : $" → {Channel}");

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(WebhookUrl).Select(u => ("webhookUrl", u));
}
