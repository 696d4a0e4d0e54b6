namespace Sentinel.Channels.Kinds.Teams;

/// <summary>
/// Microsoft Teams through a Workflows webhook: a message holding one Adaptive Card (1.4, the version Teams renders
/// from workflows), its title coloured by state and the facts as a FactSet. The workflow posts each attachment's
/// card to its channel or chat.
/// </summary>
public sealed class TeamsSender(JsonWebhookClient webhook) : ChannelSender<TeamsChannel>
{
    protected override Task SendAsync(Notification notification, TeamsChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.WebhookUrl!, Payload(notification), notification.DeliveryId, cancellationToken);

    // Teams refuses messages over 28 KB: a few facts of at most 1000 characters stay well below.
    public static object Payload(Notification n) => new
    {
        type = "message",
        attachments = new[]
        {
            new
            {
                contentType = "application/vnd.microsoft.card.adaptive",
                content = new
                {
                    type = "AdaptiveCard",
                    version = "1.4",
                    // Teams otherwise draws cards narrow, wrapping every URL.
                    msteams = new { width = "Full" },
                    body = new object[]
                    {
                        new { type = "TextBlock", text = NoticeText.Clip(n.Title, 256), weight = "Bolder", size = "Medium", color = n.IsDown ? "Attention" : n.IsDegraded ? "Warning" : "Good", wrap = true },
                        new { type = "FactSet", facts = n.Facts().Select(f => new { title = f.Label, value = NoticeText.Clip(f.Value, 1000) }).ToArray() },
                        new { type = "TextBlock", text = $"Sentinel · {Notification.Time(n.ChangedAt)}", size = "Small", isSubtle = true, wrap = true },
                    },
                },
            },
        },
    };
}
