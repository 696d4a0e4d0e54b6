namespace Sentinel.Channels.Kinds.Opsgenie;

/// <summary>
/// Opsgenie's Alert API: a DOWN (or STILL DOWN) creates an alert with the outage as its <c>alias</c>
/// (<see cref="Notification.IncidentName"/>), which Opsgenie de-duplicates while it is open (a retry or a reminder
/// adds to its count, opens no second one); anything else closes the alert by that alias.
/// </summary>
public sealed class OpsgenieSender(JsonWebhookClient webhook) : ChannelSender<OpsgenieChannel>
{
    public const string AuthorizationHeader = "Authorization";

    protected override Task SendAsync(Notification notification, OpsgenieChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(
            $"{settings.ApiUrl ?? OpsgenieChannel.DefaultApiUrl}{PathFor(notification)}", Payload(notification, settings), notification.DeliveryId,
            [KeyValuePair.Create(AuthorizationHeader, $"GenieKey {settings.ApiKey}")], cancellationToken);

    /// <summary>Where the notice goes under the API URL: alerts are created at one path and closed at their alias's.</summary>
    public static string PathFor(Notification n) =>
        n.IsDown ? "/v2/alerts" : $"/v2/alerts/{Uri.EscapeDataString(n.IncidentName)}/close?identifierType=alias";

    // Opsgenie's limits: message 130, alias 512, description 15000, 20 tags of 50, entity 512, source 100, note 25000.
    public static object Payload(Notification n, OpsgenieChannel settings) => n.IsDown
        ? (object)new
        {
            message = NoticeText.Clip(n.Title, 130),
            alias = n.IncidentName,
            description = NoticeText.Clip(n.FactLines(), 15000),
            tags = n.Tags.Prepend("sentinel").Select(t => NoticeText.Clip(t, 50)).Take(20).ToArray(),
            details = n.Facts().GroupBy(f => f.Label).ToDictionary(g => g.Key, g => g.First().Value),
            entity = NoticeText.Clip(n.MonitorName, 512),
            source = "Sentinel",
            priority = settings.Priority,
        }
        : new
        {
            source = "Sentinel",
            note = NoticeText.Clip($"{n.Title}" + (n.DownFor is { } downFor ? $" after {Notification.Duration(downFor)}" : ""), 25000),
        };
}
