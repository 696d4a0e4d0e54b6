using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Slack;

/// <summary>A Slack incoming webhook; its URL is the credential.</summary>
public sealed record SlackChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Webhook URL", Description = "A Slack incoming webhook: https://hooks.slack.com/services/…")]
    public string? WebhookUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) =>
        new SlackChannel { WebhookUrl = RequireUrl("webhookUrl", SecretUrl.Unmask(WebhookUrl, (stored as SlackChannel)?.WebhookUrl), errors) };

    public override ChannelSettings Masked() => this with { WebhookUrl = SecretUrl.Mask(WebhookUrl) };

    public override string Destination => SecretUrl.Mask(WebhookUrl) ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(WebhookUrl).Select(u => ("webhookUrl", u));
}
