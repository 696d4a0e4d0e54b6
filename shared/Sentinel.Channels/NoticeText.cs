namespace Sentinel.Channels;

/// <summary>How senders fit a notice's texts into what a provider takes.</summary>
public static class NoticeText
{
    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, ending with "…" when cut.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// <paramref name="text"/> shown as itself in a provider's HTML subset (Telegram, Google Chat cards) or in
    /// Slack's mrkdwn, which reserve the same three characters: a monitor named <c>&lt;b&gt;</c> is not markup.
    /// </summary>
    public static string EscapeMarkup(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
