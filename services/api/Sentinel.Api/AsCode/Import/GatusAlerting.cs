using System.Globalization;
using System.Text.Json.Nodes;
using Sentinel.Api.Monitors;
using Sentinel.Channels;
using YamlDotNet.RepresentationModel;

namespace Sentinel.Api.AsCode.Import;

/// <summary>Gatus's alerting providers as channels, and each endpoint's alerts as the monitor's channels and thresholds.</summary>
public static partial class GatusImport
{
    private const string ClientWhy = "a Sentinel channel has no client settings of its own (the alerter's HTTP client verifies TLS)";
    private const string TitleWhy = "Sentinel's notices have fixed titles (DOWN: name, UP: name)";
    private const string PriorityWhy = "Sentinel sets the priority by the notice (highest when down, lower on recovery; docs/alerting.md)";
    private const string DescriptionWhy = "Sentinel's notices say what failed and how; they carry no per-alert text";

    /// <summary>
    /// A Gatus provider Sentinel has a channel kind for: the channel's <c>type</c>, Gatus's setting → the channel's
    /// config field (with a conversion where the forms differ), and why each other documented setting is left out.
    /// </summary>
    private sealed record ProviderKind(string Type, Dictionary<string, (string Field, Func<string, JsonNode?> Convert)> Fields, Dictionary<string, string> LeftOut);

    private static Func<string, JsonNode?> AsText => value => value;

    private static readonly Dictionary<string, ProviderKind> ProviderKinds = new()
    {
        ["slack"] = new("slack", new() { ["webhook-url"] = ("webhookUrl", AsText) }, new() { ["title"] = TitleWhy }),
        ["discord"] = new("discord", new() { ["webhook-url"] = ("webhookUrl", AsText) },
            new() { ["title"] = TitleWhy, ["message-content"] = "Sentinel's Discord notice is one embed, with no text before it (no pings of users or roles)" }),
        ["email"] = new("email", new() { ["to"] = ("to", Addresses) }, new()
        {
            ["from"] = SmtpWhy, ["username"] = SmtpWhy, ["password"] = SmtpWhy, ["host"] = SmtpWhy, ["port"] = SmtpWhy, ["client"] = SmtpWhy,
        }),
        ["teams-workflows"] = new("teams", new() { ["webhook-url"] = ("webhookUrl", AsText) }, new() { ["title"] = TitleWhy }),
        ["mattermost"] = new("mattermost", new() { ["webhook-url"] = ("webhookUrl", AsText), ["channel"] = ("channel", AsText) },
            new() { ["client"] = ClientWhy }),
        ["googlechat"] = new("googlechat", new() { ["webhook-url"] = ("webhookUrl", AsText) }, new() { ["client"] = ClientWhy }),
        ["telegram"] = new("telegram", new()
        {
            ["token"] = ("botToken", AsText), ["id"] = ("chatId", AsText), ["topic-id"] = ("messageThreadId", WholeNumber), ["api-url"] = ("apiUrl", AsText),
        }, new() { ["client"] = ClientWhy }),
        ["ntfy"] = new("ntfy", new() { ["topic"] = ("topic", AsText), ["url"] = ("serverUrl", AsText), ["token"] = ("accessToken", AsText) }, new()
        {
            ["priority"] = PriorityWhy, ["email"] = "Sentinel asks ntfy for no e-mail copies; add an email channel",
            ["click"] = "Sentinel's ntfy notices open nothing when clicked",
            ["disable-firebase"] = "Sentinel publishes with ntfy's defaults", ["disable-cache"] = "Sentinel publishes with ntfy's defaults",
        }),
        ["gotify"] = new("gotify", new() { ["server-url"] = ("serverUrl", AsText), ["token"] = ("appToken", AsText) },
            new() { ["priority"] = PriorityWhy, ["title"] = TitleWhy }),
        ["pushover"] = new("pushover", new()
        {
            ["application-token"] = ("appToken", AsText), ["user-key"] = ("userKey", AsText), ["device"] = ("device", AsText),
        }, new()
        {
            ["title"] = TitleWhy, ["priority"] = PriorityWhy, ["resolved-priority"] = PriorityWhy,
            ["sound"] = "Sentinel uses the user's default Pushover sound", ["ttl"] = "Sentinel's Pushover notices do not expire",
        }),
        ["pagerduty"] = new("pagerduty", new() { ["integration-key"] = ("routingKey", AsText) }, []),
        ["opsgenie"] = new("opsgenie", new() { ["api-key"] = ("apiKey", AsText), ["priority"] = ("priority", AsText) }, new()
        {
            ["source"] = OpsgenieWhy, ["entity-prefix"] = OpsgenieWhy, ["alias-prefix"] = OpsgenieWhy,
            ["tags"] = "Sentinel tags each alert with the monitor's own tags (and sentinel)",
        }),
        ["custom"] = new("webhook", new() { ["url"] = ("url", AsText) }, new() { ["client"] = ClientWhy }),
    };

    private const string SmtpWhy = "Sentinel sends mail through the alerter's own SMTP server (Smtp__Host, Smtp__Port, Smtp__Username, ...; docs/configuration.md), set once for every email channel";
    private const string OpsgenieWhy = "Sentinel sets source (Sentinel), entity (the monitor) and alias (one per outage) itself";

    private static JsonNode? Addresses(string value) =>
        new JsonArray([.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(a => JsonValue.Create(a))]);

    private static JsonNode? WholeNumber(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);

    /// <summary>A configured provider: its channel (null when it has none, <see cref="WhyNot"/> saying why), its default alert, and the channels its group overrides made.</summary>
    private sealed record Provider(string? Channel, string? WhyNot, YamlMappingNode? DefaultAlert, Dictionary<string, string> GroupChannels);

    /// <summary>When a monitor's channels hear of it: Gatus's per-alert thresholds, one per Sentinel monitor.</summary>
    private sealed record AlertRule(int FailureThreshold, int SuccessThreshold, bool SendOnResolved, int? ReminderMinutes)
    {
        public override string ToString() =>
            $"failure-threshold {FailureThreshold}, success-threshold {SuccessThreshold}, send-on-resolved {(SendOnResolved ? "true" : "false")}"
            + (ReminderMinutes is { } minutes ? $", minimum-reminder-interval {minutes}m" : "");
    }

    private sealed partial class Run
    {
        private void ReadAlerting(YamlMappingNode alerting)
        {
            foreach (var (keyNode, value) in alerting.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                var at = $"alerting.{key}";
                var config = Mapping(value, at);
                var defaultAlert = Get(config, "default-alert") is { } d ? Mapping(d, $"{at}.default-alert") : null;
                if (!ProviderKinds.TryGetValue(key, out var kind))
                {
                    var why = key == "teams"
                        ? "Microsoft retired the Office 365 connectors this provider posts to (Gatus marks it deprecated); make a Teams workflow (docs/alerting.md#microsoft-teams) and a teams channel with its URL, as Gatus's teams-workflows provider does"
                        : $"Sentinel has no {key} channel (it has {ChannelKinds.NameList})";
                    _notMapped.Add($"{at}: the whole provider — {why}");
                    _providers[key] = new Provider(null, why, defaultAlert, []);
                    continue;
                }

                var settings = Settings(key, kind, Entries(config), at, report: _ => true, out var whyNot);
                if (settings is null)
                {
                    _notMapped.Add($"{at}: the whole provider — {whyNot}");
                    _providers[key] = new Provider(null, whyNot, defaultAlert, []);
                    continue;
                }

                var channel = $"gatus-{key}";
                _channels.Add(new JsonObject { ["name"] = channel, ["type"] = kind.Type, ["config"] = settings });
                var provider = new Provider(channel, null, defaultAlert, []);
                _providers[key] = provider;
                if (defaultAlert is not null)
                {
                    ReadDefaultAlert(defaultAlert, $"{at}.default-alert");
                }

                var overrides = Sequence(Get(config, "overrides"), $"{at}.overrides");
                for (var i = 0; i < overrides.Count; i++)
                {
                    ReadOverride(key, kind, config, settings, Mapping(overrides[i], $"{at}.overrides[{i}]"), $"{at}.overrides[{i}]", provider);
                }
            }
        }

        /// <summary>
        /// A group's override as a channel of its own (<c>gatus-{provider}-{group}</c>), which the group's endpoints
        /// list instead of the provider's; settings Sentinel's channel has no field for are reported.
        /// </summary>
        private void ReadOverride(string key, ProviderKind kind, YamlMappingNode config, JsonObject settings, YamlMappingNode @override, string at, Provider provider)
        {
            var group = Text(Get(@override, "group"))?.Trim();
            if (string.IsNullOrEmpty(group))
            {
                _notMapped.Add($"{at}: the whole override — it names no group, so Gatus applies it to no endpoint");
                return;
            }

            var own = Keys(@override).Where(k => k != "group").ToHashSet();
            var merged = Entries(config).Where(e => !own.Contains(e.Key)).Concat(Entries(@override).Where(e => e.Key != "group"));
            var overridden = Settings(key, kind, merged, at, report: own.Contains, out var whyNot);
            if (overridden is null)
            {
                _notMapped.Add($"{at} ({group}): the whole override — {whyNot}; endpoints of {group} use gatus-{key}");
                return;
            }

            if (JsonNode.DeepEquals(overridden, settings))
            {
                return;
            }

            var channel = $"gatus-{key}-{Tag(group)}";
            _channels.Add(new JsonObject { ["name"] = channel, ["type"] = kind.Type, ["config"] = overridden });
            provider.GroupChannels[group] = channel;
        }

        /// <summary>
        /// A provider's settings as the config of a Sentinel channel of <paramref name="kind"/>; null with why when the
        /// provider cannot be one. Settings left out are reported when <paramref name="report"/> says so (an override
        /// reports only its own).
        /// </summary>
        private JsonObject? Settings(string key, ProviderKind kind, IEnumerable<(string Key, YamlNode Value)> entries, string at, Func<string, bool> report, out string whyNot)
        {
            whyNot = "";
            var settings = new JsonObject();
            var list = entries.Where(e => e.Key is not ("default-alert" or "overrides")).ToList();
            if (key == "custom")
            {
                // Sentinel's webhook POSTs its own JSON body without extra headers: only a receiver that takes exactly that fits.
                var method = Text(list.FirstOrDefault(e => e.Key == "method").Value)?.Trim().ToUpperInvariant() ?? "GET";
                var unfit = new List<string>();
                if (method != "POST")
                {
                    unfit.Add($"it sends {method} (Sentinel's webhook POSTs)");
                }

                if (list.Any(e => e.Key == "headers"))
                {
                    unfit.Add("it sends headers of its own (Sentinel's webhook sends none)");
                }

                if (list.Any(e => e.Key is "body" or "placeholders"))
                {
                    unfit.Add("its receiver expects its own body template (Sentinel's webhook posts its own JSON, docs/alerting.md#generic-webhook)");
                }

                if (unfit.Count > 0)
                {
                    whyNot = string.Join("; ", unfit);
                    return null;
                }
            }

            foreach (var (name, value) in list)
            {
                if (kind.Fields.TryGetValue(name, out var field))
                {
                    settings[field.Field] = field.Convert(Text(value) ?? "");
                }
                else if (key == "custom" && name == "method")
                {
                    // POST, as checked above: what the webhook does anyway.
                }
                else if (report(name))
                {
                    _notMapped.Add(kind.LeftOut.TryGetValue(name, out var why)
                        ? $"{at}.{name} — {why}"
                        : $"{at}.{name} — Sentinel's {kind.Type} channel has no such setting");
                }
            }

            // Gatus's Opsgenie alerts are P1 unless told otherwise; Sentinel's channel would make them P3.
            if (kind.Type == "opsgenie" && settings["priority"] is null)
            {
                settings["priority"] = "P1";
            }

            return settings;
        }

        /// <summary>A default alert's thresholds are applied to each alert of its type (<see cref="ReadAlerts"/>); its other settings are said here once.</summary>
        private void ReadDefaultAlert(YamlMappingNode defaultAlert, string at)
        {
            foreach (var key in Keys(defaultAlert))
            {
                if (key == "description")
                {
                    _notMapped.Add($"{at}.description: {Text(Get(defaultAlert, key))} — {DescriptionWhy}");
                }
                else if (!AlertKeys.Contains(key) || key is "type" or "provider-override")
                {
                    _notMapped.Add($"{at}.{key} — not a documented Gatus default-alert setting; left out");
                }
            }
        }

        /// <summary>
        /// Each alert names its provider's channel (or its group's override) on the monitor; the first alert's
        /// thresholds become the monitor's, as Sentinel has one rule per monitor for all its channels.
        /// </summary>
        private void ReadAlerts(YamlMappingNode endpoint, JsonObject monitor, string? group, string at)
        {
            var alerts = Sequence(Get(endpoint, "alerts"), $"{at}.alerts");
            var channels = new List<string>();
            AlertRule? rule = null;
            var ruleFrom = "";
            for (var i = 0; i < alerts.Count; i++)
            {
                var alert = Mapping(alerts[i], $"{at}.alerts[{i}]");
                var type = Text(Get(alert, "type"))?.Trim();
                var where = $"{at}.alerts[{i}] ({type})";
                if (string.IsNullOrEmpty(type))
                {
                    _notMapped.Add($"{at}.alerts[{i}]: the whole alert — it has no type, which Gatus requires");
                    continue;
                }

                if (!_providers.TryGetValue(type, out var provider))
                {
                    _notMapped.Add($"{where}: the whole alert — alerting.{type} is not configured, so Gatus ignores this alert too");
                    continue;
                }

                if (provider.Channel is null)
                {
                    _notMapped.Add($"{where}: the whole alert — alerting.{type} is not imported: {provider.WhyNot}");
                    continue;
                }

                YamlNode? Setting(string key) => Get(alert, key) ?? Get(provider.DefaultAlert, key);
                if (Setting("enabled") is { } enabled && Bool(enabled, $"{where}.enabled") is false)
                {
                    _notMapped.Add($"{where}: the whole alert — it is disabled (enabled: false), so no channel is attached");
                    continue;
                }

                var channel = group is not null && provider.GroupChannels.TryGetValue(group, out var overridden) ? overridden : provider.Channel;
                if (!channels.Contains(channel))
                {
                    channels.Add(channel);
                }

                var reminder = Setting("minimum-reminder-interval") is { } r ? Seconds(r, $"{where}.minimum-reminder-interval", MonitorValidation.MaxReminderIntervalMinutes * 60) : null;
                var current = new AlertRule(
                    Threshold(Setting("failure-threshold"), $"{where}.failure-threshold") ?? GatusFailureThreshold,
                    Threshold(Setting("success-threshold"), $"{where}.success-threshold") ?? GatusSuccessThreshold,
                    Setting("send-on-resolved") is { } s && Bool(s, $"{where}.send-on-resolved") is true,
                    reminder is null or 0 ? null : (int)Math.Ceiling(reminder.Value / 60.0));
                if (rule is null)
                {
                    rule = current;
                    ruleFrom = $"{at}.alerts[{i}]";
                }
                else if (current != rule)
                {
                    _notMapped.Add($"{where}: {current} — Sentinel has one rule per monitor for all its channels: {ruleFrom}'s ({rule}) is used; an escalation policy (docs/alerting.md) can tell more channels later");
                }

                foreach (var key in Keys(alert))
                {
                    if (key == "description")
                    {
                        _notMapped.Add($"{where}.description: {Text(Get(alert, key))} — {DescriptionWhy}");
                    }
                    else if (key == "provider-override")
                    {
                        _notMapped.Add($"{where}.provider-override — a Sentinel channel has one configuration: make another channel with these settings and list it instead");
                    }
                    else if (!AlertKeys.Contains(key))
                    {
                        _notMapped.Add($"{where}.{key} — not a documented Gatus alert setting; left out");
                    }
                }
            }

            if (channels.Count > 0)
            {
                monitor["channels"] = new JsonArray([.. channels.Select(c => JsonValue.Create(c))]);
            }

            if (rule is not null)
            {
                monitor["failureThreshold"] = rule.FailureThreshold;
                monitor["successThreshold"] = rule.SuccessThreshold;
                monitor["sendOnResolved"] = rule.SendOnResolved;
                if (rule.ReminderMinutes is { } minutes)
                {
                    monitor["reminderIntervalMinutes"] = minutes;
                }
            }
        }

        /// <summary>A threshold within Sentinel's 1 to 100; another value is reported and clamped, text that is no number reported and Gatus's default kept.</summary>
        private int? Threshold(YamlNode? node, string at)
        {
            if (node is null)
            {
                return null;
            }

            var text = Text(node)?.Trim();
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                _notMapped.Add($"{at}: {text} — not a whole number; Gatus's default is used");
                return null;
            }

            var clamped = Math.Clamp(value, 1, MonitorValidation.MaxThreshold);
            if (clamped != value)
            {
                _notMapped.Add($"{at}: {value} — Sentinel's thresholds are 1 to {MonitorValidation.MaxThreshold}; {clamped} is used");
            }

            return clamped;
        }
    }

    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping) =>
        mapping.Children.Select(p => (((YamlScalarNode)p.Key).Value ?? "", p.Value));
}
