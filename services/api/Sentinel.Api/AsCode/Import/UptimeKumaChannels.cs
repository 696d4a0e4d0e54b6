using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Channels.Kinds.Ntfy;
using Sentinel.Channels.Kinds.Opsgenie;
using Sentinel.Channels.Kinds.PagerDuty;

namespace Sentinel.Api.AsCode.Import;

/// <summary>
/// Uptime Kuma's notifications as Sentinel channels. A backup's <c>notificationList</c> holds each notification's
/// provider fields as a JSON string in <c>config</c>, named per provider (<c>slackwebhookURL</c>,
/// <c>telegramBotToken</c>, ...; Kuma's <c>server/notification-providers/*.js</c>); each maps to the settings of the
/// channel type that sends the same way (docs/alerting.md).
/// </summary>
internal static class UptimeKumaChannels
{
    private const string OwnLayout = "Sentinel's notices have a layout of their own (docs/alerting.md#messages)";

    /// <summary>The channels, and the channel name given to each Kuma notification id.</summary>
    public static (JsonArray Channels, IReadOnlyDictionary<string, string> NameById) Import(JsonArray? notifications, List<string> notMapped)
    {
        var channels = new JsonArray();
        var nameById = new Dictionary<string, string>();
        var names = new UniqueNames();
        for (var i = 0; i < (notifications?.Count ?? 0); i++)
        {
            if (notifications![i] is not JsonObject fields)
            {
                notMapped.Add($"notificationList[{i}]: not an object — skipped");
                continue;
            }

            var given = new UptimeKumaItem(fields, "", notMapped).Text("name");
            var item = new UptimeKumaItem(fields, $"notificationList[{i}] ({given ?? "no name"})", notMapped);
            if (Config(fields) is not { } configFields)
            {
                item.NotMapped("config", "not the JSON object of provider fields Kuma writes; the notification is skipped");
                continue;
            }

            var config = new UptimeKumaItem(configFields, item.Label, notMapped);
            var type = config.Text("type") ?? "(none)";
            var channel = Channel(type, config);
            if (channel is null)
            {
                item.NotMapped($"type {type}", "Sentinel has no such channel type (it has the fourteen of docs/alerting.md); the notification is skipped");
                continue;
            }

            var name = names.Take(given ?? config.Text("name") ?? $"notification {item.Text("id")}".TrimEnd(), item, "another notification");
            if (item.Text("id") is { } id)
            {
                nameById[id] = name;
            }

            var result = new JsonObject { ["name"] = name, ["type"] = channel.Value.Type, ["config"] = channel.Value.Config };
            // Kuma's own list sets isDefault from is_default; the config keeps the form's value too.
            if (item.Flag("isDefault") || item.Flag("is_default") || config.Flag("isDefault"))
            {
                result["default"] = true;
            }

            channels.Add(result);
        }

        return (channels, nameById);
    }

    private static JsonObject? Config(JsonObject fields)
    {
        switch (fields["config"])
        {
            case JsonObject config:
                return config;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    return JsonNode.Parse(value.GetValue<string>()) as JsonObject;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    private static (string Type, JsonObject Config)? Channel(string type, UptimeKumaItem kuma) => type switch
    {
        "slack" => ("slack", Slack(kuma)),
        "discord" => ("discord", Discord(kuma)),
        "smtp" => ("email", Email(kuma)),
        "webhook" => ("webhook", Webhook(kuma)),
        "teams" => ("teams", Teams(kuma)),
        "mattermost" => ("mattermost", Mattermost(kuma)),
        "GoogleChat" => ("googlechat", Settings(("webhookUrl", kuma.Text("googleChatWebhookURL")))),
        "telegram" => ("telegram", Telegram(kuma)),
        "ntfy" => ("ntfy", Ntfy(kuma)),
        "gotify" => ("gotify", Gotify(kuma)),
        "pushover" => ("pushover", Pushover(kuma)),
        "PagerDuty" => ("pagerduty", PagerDuty(kuma)),
        "Opsgenie" => ("opsgenie", Opsgenie(kuma)),
        _ => null,
    };

    private static JsonObject Slack(UptimeKumaItem kuma)
    {
        kuma.NotMappedWhenSet("Sentinel posts as the webhook is set up in Slack (its channel, name and icon)",
            "slackchannel", "slackusername", "slackiconemo");
        kuma.NotMappedWhenSet(OwnLayout, "slackchannelnotify", "slackbutton");
        return Settings(("webhookUrl", kuma.Text("slackwebhookURL")));
    }

    private static JsonObject Discord(UptimeKumaItem kuma)
    {
        kuma.NotMappedWhenSet("Sentinel posts under the webhook's own name", "discordUsername");
        kuma.NotMappedWhenSet(OwnLayout, "discordPrefixMessage");
        return Settings(("webhookUrl", kuma.Text("discordWebhookUrl")));
    }

    private static JsonObject Email(UptimeKumaItem kuma)
    {
        if (kuma.Text("smtpHost") is { } host)
        {
            kuma.NotMapped($"smtpHost {UptimeKumaItem.Shown(host)} (and its port, security, login and smtpFrom)",
                "Sentinel sends every mail through the alerter's one SMTP server: set Smtp__Host and the rest there (docs/configuration.md)");
        }

        kuma.NotMappedWhenSet("Sentinel's email channel has only 'to': add these addresses there if they should hear", "smtpCC", "smtpBCC");
        kuma.NotMappedWhenSet("DKIM signing is the SMTP server's business with Sentinel", "smtpDkimDomain");
        kuma.NotMappedWhenSet(OwnLayout, "customSubject", "customBody");
        var to = (kuma.Text("smtpTo") ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new JsonObject { ["to"] = new JsonArray([.. to.Select(a => (JsonNode?)a)]) };
    }

    private static JsonObject Webhook(UptimeKumaItem kuma)
    {
        if (kuma.Text("webhookContentType") is { } contentType && contentType != "json")
        {
            kuma.NotMapped($"webhookContentType {UptimeKumaItem.Shown(contentType)}",
                "Sentinel always posts its own JSON body (docs/alerting.md#webhook), not form data or a template");
        }

        kuma.NotMappedWhenSet("Sentinel always posts its own JSON body (docs/alerting.md#webhook)", "webhookCustomBody");
        if (kuma.Text("webhookAdditionalHeaders") is not null)
        {
            kuma.NotMapped("webhookAdditionalHeaders", "Sentinel's webhook sends no headers of your own; put a token in the URL instead");
        }

        return Settings(("url", kuma.Text("webhookURL")));
    }

    private static JsonObject Teams(UptimeKumaItem kuma)
    {
        var url = kuma.Text("webhookUrl");
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Host.EndsWith("webhook.office.com", StringComparison.OrdinalIgnoreCase)
                                                                  || uri.Host.Equals("outlook.office.com", StringComparison.OrdinalIgnoreCase)))
        {
            kuma.NotMapped("webhookUrl (an Office 365 connector)",
                "Microsoft retired those connectors, and Sentinel posts to a Teams Workflows webhook: create one and put its URL here (docs/alerting.md#microsoft-teams)");
        }

        return Settings(("webhookUrl", url));
    }

    private static JsonObject Mattermost(UptimeKumaItem kuma)
    {
        kuma.NotMappedWhenSet("Sentinel posts with the webhook's own icon", "mattermosticonemo", "mattermosticonurl");
        return Settings(("webhookUrl", kuma.Text("mattermostWebhookUrl")), ("channel", kuma.Text("mattermostchannel")),
            ("username", kuma.Text("mattermostusername")));
    }

    private static JsonObject Telegram(UptimeKumaItem kuma)
    {
        kuma.NotMappedWhenSet("Sentinel's Telegram notices are always sent with sound and may be forwarded", "telegramSendSilently", "telegramProtectContent");
        var settings = Settings(("botToken", kuma.Text("telegramBotToken")), ("chatId", kuma.Text("telegramChatID")));
        if (kuma.Text("telegramMessageThreadID") is { } thread)
        {
            settings["messageThreadId"] = long.TryParse(thread, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : thread;
        }

        return settings;
    }

    private static JsonObject Ntfy(UptimeKumaItem kuma)
    {
        var method = kuma.Text("ntfyAuthenticationMethod");
        if (method == "usernamePassword" || (method is null && kuma.Text("ntfyusername") is not null))
        {
            kuma.NotMapped("ntfyusername and ntfypassword",
                "Sentinel logs in to ntfy with an access token only: create one (ntfy token add <user>) and set accessToken");
        }

        if (kuma.Number("ntfyPriority") is { } priority && priority != 5)
        {
            kuma.NotMapped($"ntfyPriority {priority.ToString(CultureInfo.InvariantCulture)}", "Sentinel sets the priority by the notice's state (docs/alerting.md)");
        }

        kuma.NotMappedWhenSet(OwnLayout, "ntfyIcon");
        var server = kuma.Text("ntfyserverurl")?.TrimEnd('/');
        return Settings(("topic", kuma.Text("ntfytopic")), ("serverUrl", server == NtfyChannel.DefaultServerUrl ? null : server),
            ("accessToken", method == "accessToken" ? kuma.Text("ntfyaccesstoken") : null));
    }

    private static JsonObject Gotify(UptimeKumaItem kuma)
    {
        if (kuma.Number("gotifyPriority") is { } priority && priority != 8)
        {
            kuma.NotMapped($"gotifyPriority {priority.ToString(CultureInfo.InvariantCulture)}", "Sentinel sets the priority by the notice's state (docs/alerting.md)");
        }

        return Settings(("serverUrl", kuma.Text("gotifyserverurl")?.TrimEnd('/')), ("appToken", kuma.Text("gotifyapplicationToken")));
    }

    private static JsonObject Pushover(UptimeKumaItem kuma)
    {
        kuma.NotMappedWhenSet("Sentinel sets the priority by the notice's state, and its own title (docs/alerting.md)", "pushoverpriority", "pushoversounds", "pushovertitle", "pushoverttl");
        return Settings(("appToken", kuma.Text("pushoverapptoken")), ("userKey", kuma.Text("pushoveruserkey")), ("device", kuma.Text("pushoverdevice")));
    }

    private static JsonObject PagerDuty(UptimeKumaItem kuma)
    {
        if (kuma.Text("pagerdutyAutoResolve") is { } resolve && resolve != "resolve")
        {
            kuma.NotMapped($"pagerdutyAutoResolve {UptimeKumaItem.Shown(resolve)}",
                "Sentinel always resolves the incident when the monitor recovers (docs/alerting.md#paging-services-pagerduty-opsgenie-alertmanager)");
        }

        var url = kuma.Text("pagerdutyIntegrationUrl");
        return Settings(("routingKey", kuma.Text("pagerdutyIntegrationKey")), ("severity", kuma.Text("pagerdutyPriority")),
            ("eventsUrl", url == PagerDutyChannel.DefaultEventsUrl ? null : url));
    }

    private static JsonObject Opsgenie(UptimeKumaItem kuma)
    {
        var priority = kuma.Number("opsgeniePriority") is { } number ? $"P{number.ToString(CultureInfo.InvariantCulture)}" : null;
        return Settings(("apiKey", kuma.Text("opsgenieApiKey")), ("priority", priority),
            ("apiUrl", kuma.Text("opsgenieRegion") == "eu" ? OpsgenieChannel.EuApiUrl : null));
    }

    /// <summary>A channel's config of the fields that have a value.</summary>
    private static JsonObject Settings(params (string Name, string? Value)[] fields)
    {
        var settings = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                settings[name] = value;
            }
        }

        return settings;
    }
}

/// <summary>
/// Names made unique as Kuma does not require them to be: the second "Ops" becomes "Ops (2)", and the report says so,
/// since in the config format a name is the identity.
/// </summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string Take(string wanted, UptimeKumaItem item, string other)
    {
        var name = wanted.Trim();
        for (var n = 2; !_taken.Add(name); n++)
        {
            name = $"{wanted.Trim()} ({n.ToString(CultureInfo.InvariantCulture)})";
        }

        if (name != wanted.Trim())
        {
            item.NotMapped($"name {UptimeKumaItem.Shown(wanted)}", $"{other} has that name, and names must be unique in Sentinel: imported as {UptimeKumaItem.Shown(name)}");
        }

        return name;
    }
}
