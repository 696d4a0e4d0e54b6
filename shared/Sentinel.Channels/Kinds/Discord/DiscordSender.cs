namespace Sentinel.Channels.Kinds.Discord;

/// <summary>Discord webhook: one embed, coloured by state, with the facts as fields.</summary>
public sealed class DiscordSender(JsonWebhookClient webhook) : ChannelSender<DiscordChannel>
{
    protected override Task SendAsync(Notification notification, DiscordChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.WebhookUrl!, Payload(notification), notification.DeliveryId, cancellationToken);

    // Discord's limits: title 256, field name 256, field value 1024, 25 fields.
    public static object Payload(Notification n) => new
    {
        username = "Sentinel",
        embeds = new[]
        {
            new
            {
                title = NoticeText.Clip(n.Title, 256),
                color = Convert.ToInt32(n.Colour[1..], 16),
                fields = n.Facts().Take(25).Select(f => new { name = NoticeText.Clip(f.Label, 256), value = NoticeText.Clip(f.Value, 1024), inline = f.Label is "Status code" or "Latency" }).ToArray(),
                timestamp = n.ChangedAt.ToString("O"),
                footer = new { text = "Sentinel" },
            },
        },
    };
}
