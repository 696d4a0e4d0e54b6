using System.Globalization;
using System.Text;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Telegram;

/// <summary>
/// Telegram Bot API <c>sendMessage</c>: the title in bold and one line per fact, in HTML parse mode with every value
/// escaped, link previews off. Telegram answers errors with their HTTP status (400 chat not found, 401 bad token,
/// 403 bot removed from the chat, 429 too many requests), which <see cref="JsonWebhookClient"/> sorts as for any webhook.
/// </summary>
public sealed class TelegramSender(JsonWebhookClient webhook) : ChannelSender<TelegramChannel>
{
    /// <summary>Telegram's limit on a message's text, counted after the HTML is parsed.</summary>
    public const int MaxTextLength = 4096;

    protected override async Task SendAsync(Notification notification, TelegramChannel settings, CancellationToken cancellationToken)
    {
        var token = settings.BotToken!;
        try
        {
            await webhook.PostAsync(MethodUrl(settings), Payload(notification, settings), notification.DeliveryId, cancellationToken);
        }
        catch (DeliveryFailedException ex) when (ex.Message.Contains(token, StringComparison.Ordinal) || ex.Message.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal))
        {
            // A proxy or a self-hosted server may echo the path in its error page; the message is stored and shown.
            var masked = SecretText.Mask(token)!;
            throw new DeliveryFailedException(ex.Message.Replace(token, masked).Replace(Uri.EscapeDataString(token), masked), ex.Transient, ex.RetryAfter);
        }
    }

    public static string MethodUrl(TelegramChannel settings) => $"{(settings.ApiUrl ?? TelegramChannel.DefaultApiUrl).TrimEnd('/')}/bot{settings.BotToken}/sendMessage";

    public static object Payload(Notification n, TelegramChannel settings) => new
    {
        chat_id = long.TryParse(settings.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : (object?)settings.ChatId,
        message_thread_id = settings.MessageThreadId,
        text = Text(n),
        parse_mode = "HTML",
        link_preview_options = new { is_disabled = true },
    };

    /// <summary>
    /// The message in Telegram's HTML. Within <see cref="MaxTextLength"/> by construction: a title of 256
    /// characters and at most 8 facts of at most 400 add up to under 4000 visible characters.
    /// </summary>
    public static string Text(Notification n)
    {
        var text = new StringBuilder($"<b>{NoticeText.EscapeMarkup(NoticeText.Clip(n.Title, 256))}</b>\n");
        foreach (var (label, value) in n.Facts().Take(8))
        {
            text.Append($"<b>{NoticeText.EscapeMarkup(NoticeText.Clip(label, 40))}:</b> {NoticeText.EscapeMarkup(NoticeText.Clip(value, 400))}\n");
        }

        return text.Append($"<i>Sentinel · {Notification.Time(n.ChangedAt)}</i>").ToString();
    }
}
