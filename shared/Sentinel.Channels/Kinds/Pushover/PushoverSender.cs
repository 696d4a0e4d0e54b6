namespace Sentinel.Channels.Kinds.Pushover;

/// <summary>
/// Pushover's message API: token, user key and the notice as JSON, with a priority by state and the check's time as
/// the message's timestamp.
/// </summary>
public sealed class PushoverSender(JsonWebhookClient webhook) : ChannelSender<PushoverChannel>
{
    protected override Task SendAsync(Notification notification, PushoverChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.ApiUrl!, Payload(notification, settings), notification.DeliveryId, cancellationToken);

    // Pushover's limits: message 1024 characters, title 250.
    public static object Payload(Notification n, PushoverChannel settings) => new
    {
        token = settings.AppToken,
        user = settings.UserKey,
        device = settings.Device,
        title = NoticeText.Clip(n.Title, 250),
        message = NoticeText.Clip(n.FactLines(), 1024),
        priority = Priority(n),
        timestamp = new DateTimeOffset(n.ChangedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
    };

    /// <summary>
    /// 1 (high: sounds even in the user's quiet hours) while something is down, -1 (quiet) for maintenance, 0 (normal)
    /// for recoveries and anything else. Never 2 (emergency), which repeats until acknowledged in Pushover itself.
    /// </summary>
    public static int Priority(Notification n) => n.IsDown ? 1 : n.IsAboutMaintenance ? -1 : 0;
}
