using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Teams;

/// <summary>
/// A Microsoft Teams Workflows webhook ("Send webhook alerts to a channel"); its URL carries the credential (the
/// <c>sig</c> query parameter), so it is masked.
/// </summary>
public sealed record TeamsChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Workflow URL", Description = "The URL of a Teams workflow \"Send webhook alerts to a channel\" (or \"to a chat\").")]
    public string? WebhookUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) =>
        new TeamsChannel { WebhookUrl = RequireUrl("webhookUrl", SecretUrl.Unmask(WebhookUrl, (stored as TeamsChannel)?.WebhookUrl), errors) };

    public override ChannelSettings Masked() => this with { WebhookUrl = SecretUrl.Mask(WebhookUrl) };

    public override string Destination => SecretUrl.Mask(WebhookUrl) ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(WebhookUrl).Select(u => ("webhookUrl", u));
}
