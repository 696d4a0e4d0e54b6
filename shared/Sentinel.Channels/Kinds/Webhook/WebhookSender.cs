namespace Sentinel.Channels.Kinds.Webhook;

/// <summary>Any other service: a plain JSON body, documented in docs/alerting.md.</summary>
public sealed class WebhookSender(JsonWebhookClient webhook) : ChannelSender<WebhookChannel>
{
    protected override Task SendAsync(Notification notification, WebhookChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.Url!, Payload(notification), notification.DeliveryId, cancellationToken);

    public static object Payload(Notification n) => new
    {
        @event = n.IsTest ? "test" : n.Kind switch
        {
            NotificationKind.Down => "monitor.down",
            NotificationKind.Up => "monitor.up",
            NotificationKind.Degraded => "monitor.degraded",
            NotificationKind.RegionLost => "sentinel.region_lost",
            NotificationKind.RegionBack => "sentinel.region_back",
            NotificationKind.NotChecking => "sentinel.not_checking",
            NotificationKind.CheckingAgain => "sentinel.checking_again",
            NotificationKind.MaintenanceStarted => "maintenance.started",
            NotificationKind.MaintenanceEnded => "maintenance.ended",
            NotificationKind.Escalation => "monitor.escalated",
            NotificationKind.FlappingStarted => "monitor.flapping",
            NotificationKind.FlappingSettled => "monitor.settled",
            _ => "monitor.reminder",
        },
        title = n.Title,
        // What a receiver de-duplicates on: the delivery is the same on every attempt (also the Idempotency-Key header).
        deliveryId = n.DeliveryId,
        transitionId = n.TransitionId,
        monitor = n.IsAboutSentinel || n.IsAboutMaintenance ? null : new { id = n.MonitorId, name = n.MonitorName, url = n.MonitorUrl },
        state = n.IsAboutMaintenance ? "maintenance" : n.IsDown ? "down" : n.IsDegraded ? "degraded" : "up",
        changedAt = n.ChangedAt,
        error = n.Error,
        statusCode = n.StatusCode,
        latencyMs = n.IsAboutSentinel || n.IsAboutMaintenance ? (double?)null : n.LatencyMs,
        downSince = n.DownSince,
        downForSeconds = n.DownFor is { } d ? Math.Round(d.TotalSeconds) : (double?)null,
        overdueMonitors = n.OverdueMonitors,
        region = n.Region,
        regions = n.Regions.Count > 0
            ? n.Regions.Select(r => new
            {
                region = r.Region,
                state = r.Status switch { null => "unknown", Contracts.CheckStatus.Down => "down", _ => "up" },
                error = r.Error,
                statusCode = r.StatusCode,
                latencyMs = r.Status is null ? (double?)null : r.LatencyMs,
            }).ToArray()
            : null,
        quorum = n.Regions.Count > 0 ? n.Quorum : null,
        maintenance = n.Maintenance is { } m
            ? new { windowId = m.WindowId, name = n.MonitorName, start = m.Start, end = m.End, covers = m.Covers, description = m.Description }
            : null,
    };
}
