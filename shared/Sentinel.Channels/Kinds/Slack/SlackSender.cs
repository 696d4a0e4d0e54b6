namespace Sentinel.Channels.Kinds.Slack;

/// <summary>
/// Slack incoming webhook: a coloured attachment holding Block Kit blocks, with <c>text</c> as the fallback
/// Slack shows in notifications.
/// </summary>
public sealed class SlackSender(JsonWebhookClient webhook) : ChannelSender<SlackChannel>
{
    protected override Task SendAsync(Notification notification, SlackChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.WebhookUrl!, Payload(notification), notification.DeliveryId, cancellationToken);

    public static object Payload(Notification n) => new
    {
        text = n.Title,
        attachments = new[]
        {
            new
            {
                color = n.Colour,
                blocks = new object[]
                {
                    new { type = "section", text = new { type = "mrkdwn", text = $"*{NoticeText.EscapeMarkup(n.Title)}*" } },
                    new
                    {
                        type = "section",
                        // Slack allows ten fields of at most 2000 characters each.
                        fields = n.Facts().Take(10).Select(f => new { type = "mrkdwn", text = NoticeText.Clip($"*{f.Label}*\n{NoticeText.EscapeMarkup(f.Value)}", 2000) }).ToArray(),
                    },
                    new { type = "context", elements = new[] { new { type = "mrkdwn", text = $"Sentinel · {Notification.Time(n.ChangedAt)}" } } },
                },
            },
        },
    };
}
