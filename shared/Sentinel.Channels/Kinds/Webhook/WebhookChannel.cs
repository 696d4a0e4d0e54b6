using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Webhook;

/// <summary>Any receiver of Sentinel's own JSON body (docs/alerting.md); the URL may hold a credential, so it is masked.</summary>
public sealed record WebhookChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "URL", Description = "Sentinel POSTs each notice to it as JSON.")]
    public string? Url { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) =>
        new WebhookChannel { Url = RequireUrl("url", SecretUrl.Unmask(Url, (stored as WebhookChannel)?.Url), errors) };

    public override ChannelSettings Masked() => this with { Url = SecretUrl.Mask(Url) };

    public override string Destination => SecretUrl.Mask(Url) ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(Url).Select(u => ("url", u));
}
