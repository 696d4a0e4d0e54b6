namespace Sentinel.Channels.Kinds.Alertmanager;

/// <summary>
/// Prometheus Alertmanager's API v2: each notice is one alert posted to <c>/api/v2/alerts</c>, identified by its labels
/// (the same for an outage's DOWN, its re-posts and its UP, since they carry the outage's
/// <see cref="Notification.IncidentName"/>). A DOWN fires it with no end, so Alertmanager keeps it for its
/// <c>resolve_timeout</c> and the alerter re-posts it while the monitor stays down (<see cref="ChannelKind.RepeatsWhileDown"/>);
/// anything else resolves it with <c>endsAt</c>, the time of the check that ended it.
/// </summary>
public sealed class AlertmanagerSender(JsonWebhookClient webhook) : ChannelSender<AlertmanagerChannel>
{
    public const string AlertsPath = "/api/v2/alerts";

    protected override Task SendAsync(Notification notification, AlertmanagerChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(settings.Url!.TrimEnd('/') + AlertsPath, Payload(notification, settings), notification.DeliveryId, cancellationToken);

    public static object Payload(Notification n, AlertmanagerChannel settings)
    {
        // Labels say which alert this is, so only what stays the same for the whole outage goes in them; what the
        // notice reports goes in annotations. Label names follow Prometheus's [a-zA-Z_][a-zA-Z0-9_]*.
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = n.IsAboutRegion ? "SentinelRegionLost" : n.IsAboutSentinel ? "SentinelNotChecking" : n.IsAboutMaintenance ? "SentinelMaintenance" : "SentinelMonitorDown",
            ["monitor"] = n.MonitorName,
            ["incident"] = n.IncidentName,
        };
        if (n.MonitorId != Guid.Empty)
        {
            labels["monitor_id"] = n.MonitorId.ToString();
        }

        if (n.Region is { } region)
        {
            labels["region"] = region;
        }

        if (n.Tags.Count > 0)
        {
            labels["tags"] = string.Join(",", n.Tags);
        }

        var annotations = new Dictionary<string, string>
        {
            ["summary"] = n.Title,
            ["description"] = n.FactLines(),
        };
        if (n.MonitorUrl is { } url)
        {
            annotations["url"] = url;
        }

        return new[]
        {
            new
            {
                labels,
                annotations,
                startsAt = (n.DownSince ?? n.ChangedAt).ToString("O"),
                endsAt = n.IsDown ? null : n.ChangedAt.ToString("O"),
                generatorURL = settings.DashboardUrl is { } dashboard && n.MonitorId != Guid.Empty ? $"{dashboard}/monitors/{n.MonitorId}" : null,
            },
        };
    }
}
