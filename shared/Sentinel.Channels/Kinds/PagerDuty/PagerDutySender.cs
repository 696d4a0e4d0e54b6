namespace Sentinel.Channels.Kinds.PagerDuty;

/// <summary>
/// PagerDuty Events API v2: a DOWN (or STILL DOWN) triggers an alert, anything else resolves it, both keyed by the
/// outage (<see cref="Notification.IncidentName"/> as <c>dedup_key</c>), so a retry, a reminder or a copy sent again
/// after a crash updates the one open incident instead of opening another, and the UP closes it.
/// </summary>
public sealed class PagerDutySender(JsonWebhookClient webhook) : ChannelSender<PagerDutyChannel>
{
    protected override Task SendAsync(Notification notification, PagerDutyChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.EventsUrl ?? PagerDutyChannel.DefaultEventsUrl, Payload(notification, settings), notification.DeliveryId, cancellationToken);

    // PagerDuty's limits: summary 1024 characters, dedup_key 255 (ours is 45).
    public static object Payload(Notification n, PagerDutyChannel settings) => n.IsDown
        ? (object)new
        {
            routing_key = settings.RoutingKey,
            event_action = "trigger",
            dedup_key = n.IncidentName,
            payload = new
            {
                summary = NoticeText.Clip($"{n.Title}: {n.Detail}", 1024),
                source = n.MonitorUrl ?? n.MonitorName,
                severity = settings.Severity,
                timestamp = n.ChangedAt.ToString("O"),
                component = n.MonitorName,
                group = n.Tags.Count > 0 ? string.Join(",", n.Tags) : null,
                @class = n.Headline,
                custom_details = n.Facts().GroupBy(f => f.Label).ToDictionary(g => g.Key, g => g.First().Value),
            },
            client = "Sentinel",
        }
        : new
        {
            routing_key = settings.RoutingKey,
            event_action = "resolve",
            dedup_key = n.IncidentName,
            client = "Sentinel",
        };
}
