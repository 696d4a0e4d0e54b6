namespace Sentinel.Channels.Kinds.Gotify;

/// <summary>
/// Gotify: <c>POST /message</c> with the application token in the <c>X-Gotify-Key</c> header (never the query string,
/// which proxies log), a priority by state, and the text marked plain so clients do not read it as Markdown.
/// </summary>
public sealed class GotifySender(JsonWebhookClient webhook) : ChannelSender<GotifyChannel>
{
    public const string TokenHeader = "X-Gotify-Key";

    protected override Task SendAsync(Notification notification, GotifyChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(MessageUrl(settings), Payload(notification), notification.DeliveryId, [new(TokenHeader, settings.AppToken!)], cancellationToken);

    /// <summary>The server's <c>/message</c>, also when the server is served under a path.</summary>
    public static string MessageUrl(GotifyChannel settings) => $"{settings.ServerUrl!.TrimEnd('/')}/message";

    public static object Payload(Notification n) => new
    {
        title = n.Title,
        message = n.FactLines(),
        priority = Priority(n),
        extras = new Dictionary<string, object> { ["client::display"] = new { contentType = "text/plain" } },
    };

    /// <summary>
    /// 8 (the Android app's highest band: sound and a pop-up) while something is down, 2 (silent) for maintenance, 5
    /// (sound) for recoveries and anything else.
    /// </summary>
    public static int Priority(Notification n) => n.IsDown ? 8 : n.IsAboutMaintenance ? 2 : 5;
}
