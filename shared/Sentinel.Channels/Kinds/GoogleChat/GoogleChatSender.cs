namespace Sentinel.Channels.Kinds.GoogleChat;

/// <summary>
/// Google Chat space webhook: the title as the message's <c>text</c> (what notifications show) and a card (cardsV2)
/// with one labelled line per fact.
/// </summary>
public sealed class GoogleChatSender(JsonWebhookClient webhook) : ChannelSender<GoogleChatChannel>
{
    protected override Task SendAsync(Notification notification, GoogleChatChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.WebhookUrl!, Payload(notification), notification.DeliveryId, cancellationToken);

    // A message holds at most 4096 characters of text and 32 KB in all; a few facts of at most 1000 stay below.
    public static object Payload(Notification n) => new
    {
        text = NoticeText.Clip(n.Title, 4096),
        cardsV2 = new[]
        {
            new
            {
                cardId = "sentinel-notice",
                card = new
                {
                    sections = new[]
                    {
                        new
                        {
                            // Card texts are an HTML subset, so every value is escaped; labels are plain text.
                            widgets = n.Facts()
                                .Select(f => (object)new { decoratedText = new { topLabel = f.Label, text = NoticeText.EscapeMarkup(NoticeText.Clip(f.Value, 1000)), wrapText = true } })
                                .Append(new { textParagraph = new { text = $"<font color=\"{n.Colour}\">{NoticeText.EscapeMarkup(n.Headline)}</font> · Sentinel · {Notification.Time(n.ChangedAt)}" } })
                                .ToArray(),
                        },
                    },
                },
            },
        },
    };
}
