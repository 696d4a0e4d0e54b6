using Sentinel.Channels.Kinds.Alertmanager;
using Sentinel.Channels.Kinds.Discord;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.GoogleChat;
using Sentinel.Channels.Kinds.Gotify;
using Sentinel.Channels.Kinds.Mattermost;
using Sentinel.Channels.Kinds.Ntfy;
using Sentinel.Channels.Kinds.Opsgenie;
using Sentinel.Channels.Kinds.PagerDuty;
using Sentinel.Channels.Kinds.Pushover;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Teams;
using Sentinel.Channels.Kinds.Telegram;
using Sentinel.Channels.Kinds.Webhook;

namespace Sentinel.Channels;

/// <summary>One kind of channel: its name in documents, its settings type, the sender that tells it.</summary>
/// <param name="Name">The <c>type</c> of a channel document and the label of the notification metrics.</param>
/// <param name="Title">The provider's name as people write it: "Microsoft Teams".</param>
/// <param name="Description">What to give it, in a sentence, for the dashboard and the api description.</param>
/// <param name="AlwaysResolves">
/// An incident service that keeps what a DOWN opened until it hears the UP: told of every recovery, even by a monitor
/// whose <c>sendOnResolved</c> is false.
/// </param>
/// <param name="RepeatsWhileDown">
/// A service that forgets an alert nobody repeats (Alertmanager resolves it after its <c>resolve_timeout</c>): the
/// alerter re-sends the DOWN to it every <c>Alerter__RepeatWhileDownSeconds</c> while the monitor stays down.
/// </param>
public sealed record ChannelKind(
    string Name, string Title, Type SettingsType, Type SenderType, string Description, bool AlwaysResolves = false, bool RepeatsWhileDown = false);

/// <summary>
/// Every kind of channel Sentinel can tell: adding one is a folder under <c>Kinds/</c> (settings, format, sender),
/// one line here, and its docs.
/// </summary>
public static class ChannelKinds
{
    public static IReadOnlyList<ChannelKind> All { get; } =
    [
        Kind<SlackChannel, SlackSender>("slack", "Slack", "A Slack incoming webhook: https://hooks.slack.com/services/…"),
        Kind<DiscordChannel, DiscordSender>("discord", "Discord", "A Discord channel webhook: https://discord.com/api/webhooks/…"),
        Kind<EmailChannel, EmailSender>("email", "Email", "Mail addresses; sent through the alerter's mail server (Smtp settings)."),
        Kind<WebhookChannel, WebhookSender>("webhook", "Webhook", "Any URL: Sentinel POSTs each notice to it as JSON."),
        Kind<TeamsChannel, TeamsSender>("teams", "Microsoft Teams", "A Teams Workflows webhook (\"Send webhook alerts to a channel\"); posts an Adaptive Card."),
        Kind<MattermostChannel, MattermostSender>("mattermost", "Mattermost", "A Mattermost incoming webhook: https://mattermost.example.com/hooks/…; optionally another channel or name."),
        Kind<GoogleChatChannel, GoogleChatSender>("googlechat", "Google Chat", "A Google Chat space webhook: https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…"),
        Kind<TelegramChannel, TelegramSender>("telegram", "Telegram", "A Telegram bot's token (from @BotFather) and the chat id it posts to."),
        Kind<NtfyChannel, NtfySender>("ntfy", "ntfy", "An ntfy topic on ntfy.sh or your own server, with an access token if the topic is protected."),
        Kind<GotifyChannel, GotifySender>("gotify", "Gotify", "Your Gotify server and the token of an application on it."),
        Kind<PushoverChannel, PushoverSender>("pushover", "Pushover", "A Pushover application token and the user or group key to tell."),
        Kind<PagerDutyChannel, PagerDutySender>("pagerduty", "PagerDuty", "A PagerDuty service's Events API v2 integration key: DOWN triggers an incident, UP resolves it.", alwaysResolves: true),
        Kind<OpsgenieChannel, OpsgenieSender>("opsgenie", "Opsgenie", "An Opsgenie API integration key: DOWN creates an alert, UP closes it.", alwaysResolves: true),
        Kind<AlertmanagerChannel, AlertmanagerSender>("alertmanager", "Prometheus Alertmanager", "An Alertmanager's address: DOWN fires an alert, re-posted while down; UP resolves it.", alwaysResolves: true, repeatsWhileDown: true),
    ];

    /// <summary>The kinds' names, for messages: "slack, discord, …".</summary>
    public static string NameList { get; } = string.Join(", ", All.Select(k => k.Name));

    public static ChannelKind Of(Type settingsType) =>
        All.FirstOrDefault(k => k.SettingsType == settingsType) ?? throw new InvalidOperationException($"{settingsType.Name} is not a registered kind of channel.");

    public static ChannelKind? Named(string? name) => All.FirstOrDefault(k => k.Name == name);

    private static ChannelKind Kind<TSettings, TSender>(string name, string title, string description, bool alwaysResolves = false, bool repeatsWhileDown = false)
        where TSettings : ChannelSettings where TSender : ChannelSender<TSettings> =>
        new(name, title, typeof(TSettings), typeof(TSender), description, alwaysResolves, repeatsWhileDown);
}
