using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Telegram;

/// <summary>
/// A Telegram chat told by a bot through the Bot API's <c>sendMessage</c>. The bot token is the credential: masked
/// when shown, and it sits in the request's path, so it is kept out of every error (<see cref="TelegramSender"/>).
/// </summary>
public sealed partial record TelegramChannel : ChannelSettings
{
    /// <summary>Telegram's own Bot API server; a self-hosted one (telegram-bot-api) or a proxy may stand in.</summary>
    public const string DefaultApiUrl = "https://api.telegram.org";

    public const int MaxTokenLength = 128;

    /// <summary>A numeric chat id (negative for groups and channels) or a public channel's @username.</summary>
    public const int MaxChatIdLength = 33;

    [MaxLength(MaxTokenLength)]
    [Display(Name = "Bot token", Description = "The token @BotFather gave the bot: 123456789:AA…")]
    public string? BotToken { get; init; }

    [MaxLength(MaxChatIdLength)]
    [Display(Name = "Chat id", Description = "The chat the bot posts to (add the bot to it first): a numeric id such as -1001234567890, or @channelname for a public channel.")]
    public string? ChatId { get; init; }

    [Range(1, int.MaxValue)]
    [Display(Name = "Topic id", Description = "Optional: in a group with topics, the topic's message_thread_id.")]
    public int? MessageThreadId { get; init; }

    [MaxLength(MaxUrlLength)]
    [Display(Name = "Bot API URL", Description = "Optional: a self-hosted Bot API server or a proxy; https://api.telegram.org when empty.")]
    public string? ApiUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var token = SecretText.Unmask(BotToken?.Trim(), (stored as TelegramChannel)?.BotToken);
        // The message never repeats the token: errors are shown and logged.
        if (token is null || token.Length > MaxTokenLength || !TokenPattern().IsMatch(token))
        {
            errors.Add("botToken", "A bot token as @BotFather gives it (digits, a colon, then letters, digits, - and _) is required.");
        }

        var chatId = ChatId?.Trim();
        if (chatId is null || !ChatIdPattern().IsMatch(chatId))
        {
            errors.Add("chatId", "A numeric chat id (such as -1001234567890) or a public channel's @username is required.");
        }

        if (MessageThreadId is <= 0)
        {
            errors.Add("messageThreadId", "A topic id is a positive number.");
        }

        return new TelegramChannel
        {
            BotToken = token,
            ChatId = chatId,
            MessageThreadId = MessageThreadId,
            ApiUrl = RequireUrl("apiUrl", ApiUrl, errors, required: false)?.TrimEnd('/') ?? DefaultApiUrl,
        };
    }

    public override ChannelSettings Masked() => this with { BotToken = SecretText.Mask(BotToken) };

    public override string Destination => $"chat {ChatId}" + (MessageThreadId is { } topic ? $", topic {topic}" : "");

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(ApiUrl ?? DefaultApiUrl).Select(u => ("apiUrl", u));

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();

    // Telegram usernames: 5 to 32 letters, digits and underscores, starting with a letter.
    [GeneratedRegex("^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")]
    private static partial Regex ChatIdPattern();
}
