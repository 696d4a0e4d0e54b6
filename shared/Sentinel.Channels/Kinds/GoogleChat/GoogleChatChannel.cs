using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.GoogleChat;

/// <summary>A Google Chat space webhook; its URL carries the credential (the <c>key</c> and <c>token</c> query parameters), so it is masked.</summary>
public sealed record GoogleChatChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Webhook URL", Description = "A Google Chat space webhook: https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…")]
    public string? WebhookUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) =>
        new GoogleChatChannel { WebhookUrl = RequireUrl("webhookUrl", SecretUrl.Unmask(WebhookUrl, (stored as GoogleChatChannel)?.WebhookUrl), errors) };

    public override ChannelSettings Masked() => this with { WebhookUrl = SecretUrl.Mask(WebhookUrl) };

    public override string Destination => SecretUrl.Mask(WebhookUrl) ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(WebhookUrl).Select(u => ("webhookUrl", u));
}
