namespace Sentinel.Channels.Kinds.Mattermost;

/// <summary>
/// Mattermost incoming webhook: one Slack-compatible message attachment, coloured by state, with the facts as
/// fields and <c>fallback</c> as the text Mattermost shows in notifications.
/// </summary>
public sealed class MattermostSender(JsonWebhookClient webhook) : ChannelSender<MattermostChannel>
{
    protected override Task SendAsync(Notification notification, MattermostChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.WebhookUrl!, Payload(notification, settings), notification.DeliveryId, cancellationToken);

    // A post holds at most 16383 characters; a few fields of at most 2000 stay below.
    public static object Payload(Notification n, MattermostChannel settings) => new
    {
        channel = settings.Channel,
        username = settings.Username,
        attachments = new[]
        {
            new
            {
                fallback = n.Title,
                color = n.Colour,
                title = NoticeText.Clip(n.Title, 256),
                fields = n.Facts().Select(f => new { title = f.Label, value = NoticeText.Clip(f.Value, 2000), @short = f.Label is "Status code" or "Latency" }).ToArray(),
                footer = $"Sentinel · {Notification.Time(n.ChangedAt)}",
            },
        },
    };
}
