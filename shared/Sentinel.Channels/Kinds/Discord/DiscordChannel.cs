using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Discord;

/// <summary>A Discord channel webhook; its URL is the credential.</summary>
public sealed record DiscordChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Webhook URL", Description = "A Discord channel webhook: https://discord.com/api/webhooks/…")]
    public string? WebhookUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) =>
        new DiscordChannel { WebhookUrl = RequireUrl("webhookUrl", SecretUrl.Unmask(WebhookUrl, (stored as DiscordChannel)?.WebhookUrl), errors) };

    public override ChannelSettings Masked() => this with { WebhookUrl = SecretUrl.Mask(WebhookUrl) };

    public override string Destination => SecretUrl.Mask(WebhookUrl) ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(WebhookUrl).Select(u => ("webhookUrl", u));
}
