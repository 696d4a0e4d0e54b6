using System.Text;

namespace Sentinel.Channels.Kinds.Ntfy;

/// <summary>
/// ntfy: the message published as JSON to the server's root URL (ntfy's "publish as JSON"), with a priority and an
/// emoji tag by state, and the access token, if any, as a Bearer token.
/// </summary>
public sealed class NtfySender(JsonWebhookClient webhook) : ChannelSender<NtfyChannel>
{
    /// <summary>ntfy's default message-size-limit, in UTF-8 bytes: a longer message is turned into an attachment or refused.</summary>
    public const int MaxMessageBytes = 4096;

    protected override Task SendAsync(Notification notification, NtfyChannel settings, CancellationToken cancellationToken) =>
        webhook.PostAsync(
            settings.ServerUrl!,
            Payload(notification, settings.Topic!),
            notification.DeliveryId,
            settings.AccessToken is { } token ? [new("Authorization", $"Bearer {token}")] : [],
            cancellationToken);

    public static object Payload(Notification n, string topic) => new
    {
        topic,
        title = n.Title,
        message = ClipBytes(n.FactLines(), MaxMessageBytes),
        priority = Priority(n),
        // ntfy shows a tag that names an emoji as the emoji, before the title.
        tags = new[] { n.IsDown ? "rotating_light" : n.IsDegraded ? "warning" : n.IsAboutMaintenance ? "wrench" : "white_check_mark" },
    };

    /// <summary>
    /// 5 (max: long vibration and a pop-over) when something just went down, 4 (high) while it stays down, 2 (low) for
    /// maintenance, 3 (default) for recoveries and anything else.
    /// </summary>
    public static int Priority(Notification n) => n.Kind switch
    {
        NotificationKind.Down or NotificationKind.NotChecking => 5,
        _ when n.IsDown => 4,
        _ when n.IsAboutMaintenance => 2,
        _ => 3,
    };

    /// <summary><paramref name="text"/> cut at a whole character to at most <paramref name="maxBytes"/> UTF-8 bytes, ending in "…" when cut.</summary>
    private static string ClipBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string ellipsis = "…";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(ellipsis);
        var (bytes, chars) = (0, 0);
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return text[..chars] + ellipsis;
    }
}
