using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Conditions;

namespace Sentinel.Api.AsCode.Import;

/// <summary>
/// An Uptime Kuma backup (Settings → Backup → Export in Kuma 1.x: a JSON file of <c>version</c>,
/// <c>notificationList</c> and <c>monitorList</c>, each monitor as Kuma's <c>Monitor.toJSON</c> writes it) as one
/// document of the config format: its notifications as <c>channels</c>, its monitors as <c>monitors</c> naming
/// them. A backup holds no maintenance windows or status pages. What has no counterpart is listed, item by item,
/// with why (docs/as-code.md#importing-from-uptime-kuma).
/// </summary>
public static partial class UptimeKumaImport
{
    private const int KumaDefaultMaxRedirects = 10;
    private const int KumaDefaultPacketSize = 56;

    private static readonly string[] DnsTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"];
    private static readonly string[] SslModes = ["disable", "prefer", "require", "verify-full"];

    /// <summary>Kinds of Kuma monitor Sentinel cannot check, with what to do instead where there is something.</summary>
    private static readonly Dictionary<string, string> Unchecked = new()
    {
        ["docker"] = "Sentinel has no Docker container check: check the service's port (tcp://) or HTTP endpoint instead",
        ["mysql"] = "Sentinel has no MySQL check: a tcp:// monitor on its port checks that it accepts connections",
        ["sqlserver"] = "Sentinel has no SQL Server check: a tcp:// monitor on its port checks that it accepts connections",
        ["mongodb"] = "Sentinel has no MongoDB check: a tcp:// monitor on its port checks that it accepts connections",
        ["mqtt"] = "Sentinel has no MQTT check: a tcp:// (or tls://) monitor on the broker's port checks that it accepts connections",
        ["real-browser"] = "Sentinel drives no browser: an http(s) monitor with [BODY] conditions checks the page's HTML",
        ["group"] = "Sentinel has no group monitors; the group's members are imported on their own",
    };

    public static ImportedConfig Import(string json)
    {
        var root = Parse(json);
        var notMapped = new List<string>();
        if (root["proxyList"] is JsonArray { Count: > 0 } proxies)
        {
            notMapped.Add($"proxyList: {proxies.Count} proxies — Sentinel's checks connect directly (through its outbound guard), never through a proxy");
        }

        var (channels, channelNames) = UptimeKumaChannels.Import(root["notificationList"] as JsonArray, notMapped);
        var kumaMonitors = (JsonArray)root["monitorList"]!;
        var namesById = kumaMonitors.OfType<JsonObject>()
            .Select(m => new UptimeKumaItem(m, "", notMapped))
            .Where(m => m.Text("id") is not null && m.Text("name") is not null)
            .GroupBy(m => m.Text("id")!).ToDictionary(g => g.Key, g => g.First().Text("name")!);

        var monitors = new JsonArray();
        var names = new UniqueNames();
        for (var i = 0; i < kumaMonitors.Count; i++)
        {
            if (kumaMonitors[i] is not JsonObject fields)
            {
                notMapped.Add($"monitorList[{i}]: not an object — skipped");
                continue;
            }

            var given = new UptimeKumaItem(fields, "", notMapped).Text("name");
            var kuma = new UptimeKumaItem(fields, $"monitorList[{i}] ({given ?? "no name"})", notMapped);
            if (Monitor(kuma, given, names, channelNames, namesById) is { } monitor)
            {
                monitors.Add(monitor);
            }
        }

        var document = new JsonObject();
        if (channels.Count > 0)
        {
            document["channels"] = channels;
        }

        document["monitors"] = monitors;
        EscapeVariables(document);
        return new ImportedConfig(document, notMapped);
    }

    private static JsonObject Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 0."; the line is said once, 1-based.
            var reason = ex.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0].Trim();
            var line = ex.LineNumber is { } at ? $" at line {(at + 1).ToString(CultureInfo.InvariantCulture)}" : "";
            throw new ImportException($"Not an Uptime Kuma backup: not valid JSON{line}: {reason}");
        }

        if (root is not JsonObject backup || backup["monitorList"] is not JsonArray
            || backup["notificationList"] is not (null or JsonArray))
        {
            throw new ImportException("Not an Uptime Kuma backup: it needs a monitorList (and a notificationList) as Uptime Kuma 1.x "
                                      + "writes them under Settings → Backup → Export.");
        }

        return backup;
    }

    private static JsonObject? Monitor(UptimeKumaItem kuma, string? given, UniqueNames names,
        IReadOnlyDictionary<string, string> channelNames, IReadOnlyDictionary<string, string> namesById)
    {
        var type = kuma.Text("type") ?? "(none)";
        var interval = Interval(kuma);
        var check = type switch
        {
            "http" => Http(kuma, interval, _ => { }),
            "keyword" => Http(kuma, interval, conditions => Keyword(kuma, conditions)),
            "json-query" => Http(kuma, interval, conditions => JsonQuery(kuma, conditions)),
            "port" => Url(kuma, "tcp", $"{Host(kuma.Text("hostname"))}:{kuma.Text("port")}"),
            "ping" => Ping(kuma),
            "dns" => Dns(kuma),
            "push" => Heartbeat(kuma),
            "grpc-keyword" => Grpc(kuma),
            "postgres" => Postgres(kuma),
            "redis" => Redis(kuma),
            _ => Skip(kuma, $"type {type}", Unchecked.GetValueOrDefault(type,
                $"Sentinel has no {type} check (it has http(s), tcp, tls, dns, icmp, grpc, postgres, redis and heartbeat monitors: docs/checks.md)")),
        };
        if (check is null)
        {
            return null;
        }

        var monitor = new JsonObject { ["name"] = names.Take(given ?? $"monitor {kuma.Text("id")}".TrimEnd(), kuma, "another monitor") };
        foreach (var (field, value) in check.ToList())
        {
            check.Remove(field);
            monitor[field] = value;
        }

        monitor["intervalSeconds"] = interval;
        Thresholds(kuma, monitor, interval);
        var enabled = kuma["active"] is null || kuma.Flag("active");
        if (kuma.Flag("upsideDown"))
        {
            kuma.NotMapped("upsideDown", "Sentinel has no inverted mode; imported disabled, so that it does not alert exactly when Kuma would not");
            enabled = false;
        }

        if (!enabled)
        {
            monitor["enabled"] = false;
        }

        if (Tags(kuma) is { Count: > 0 } tags)
        {
            monitor["tags"] = tags;
        }

        if (Channels(kuma, channelNames) is { Count: > 0 } channels)
        {
            monitor["channels"] = channels;
        }

        if (kuma.Text("parent") is { } parent)
        {
            kuma.NotMapped($"parent {UptimeKumaItem.Shown(namesById.GetValueOrDefault(parent, parent))}",
                "Sentinel has no groups: imported on its own (a tag can group it; dependsOn can hold its alerts while another monitor is down)");
        }

        kuma.NotMappedWhenSet("Sentinel's monitors have no description", "description");
        kuma.NotMappedWhenSet("Sentinel's checks connect directly, never through a proxy", "proxyId");
        if (kuma.Flag("expiryNotification"))
        {
            kuma.NotMapped("expiryNotification", "Sentinel sends no separate certificate notice: add the condition "
                                                 + "[CERTIFICATE_EXPIRATION] > 7d to have the monitor go down when less is left");
        }

        return monitor;
    }

    private static int Interval(UptimeKumaItem kuma)
    {
        var seconds = kuma.Number("interval") is { } number ? (int)Math.Ceiling(number) : MonitorValidation.DefaultIntervalSeconds;
        if (seconds > CheckContext.MaxIntervalSeconds)
        {
            kuma.NotMapped($"interval {seconds}", $"Sentinel checks at least once a day: imported as {CheckContext.MaxIntervalSeconds} s");
        }

        return Math.Clamp(seconds, 1, CheckContext.MaxIntervalSeconds);
    }

    /// <summary>
    /// Kuma marks a monitor pending for its first <c>maxretries</c> failed checks in a row and down at the next:
    /// Sentinel's <c>failureThreshold</c> counts the same checks, so it is <c>maxretries + 1</c>. Kuma's
    /// <c>resendInterval</c> counts checks between repeated notices; a reminder comes after that many intervals.
    /// </summary>
    private static void Thresholds(UptimeKumaItem kuma, JsonObject monitor, int interval)
    {
        var retries = (int)(kuma.Number("maxretries") ?? 0);
        if (retries > 0)
        {
            monitor["failureThreshold"] = Math.Min(retries + 1, MonitorValidation.MaxThreshold);
            if (kuma.Number("retryInterval") is { } retryInterval && (int)retryInterval != interval)
            {
                kuma.NotMapped($"retryInterval {retryInterval.ToString(CultureInfo.InvariantCulture)}",
                    "Sentinel keeps checking at the monitor's interval while it fails; retries (at once, within one check) are another thing");
            }
        }

        if (kuma.Number("resendInterval") is > 0 and var resend)
        {
            var minutes = (int)Math.Ceiling(resend * interval / 60);
            monitor["reminderIntervalMinutes"] = Math.Clamp(minutes, 1, MonitorValidation.MaxReminderIntervalMinutes);
        }
    }

    private static JsonObject? Http(UptimeKumaItem kuma, int interval, Action<List<string>> bodyRule)
    {
        if (kuma.Text("url") is not { } url)
        {
            return Skip(kuma, "url", "an http monitor without a URL cannot be checked");
        }

        var check = new JsonObject { ["url"] = url };
        if (kuma.Text("method")?.ToUpperInvariant() is { } method && method != "GET")
        {
            check["method"] = method;
        }

        if (kuma.Text("headers") is { } headersText)
        {
            if (Headers(headersText) is { } headers)
            {
                check["headers"] = headers;
            }
            else
            {
                kuma.NotMapped($"headers {UptimeKumaItem.Shown(headersText)}", "not a JSON object of header names and values");
            }
        }

        if (kuma["body"] is JsonValue body && body.GetValueKind() == JsonValueKind.String && body.GetValue<string>().Length > 0)
        {
            check["body"] = body.GetValue<string>();
            // Kuma sends its body as JSON (the default) or XML, saying so in Content-Type.
            if (kuma.Text("httpBodyEncoding") == "xml")
            {
                check["contentType"] = "text/xml; charset=utf-8";
            }
        }

        Authentication(kuma, check);
        if (kuma.Number("maxredirects") is { } redirects && redirects != KumaDefaultMaxRedirects)
        {
            if (redirects == 0)
            {
                check["followRedirects"] = false;
            }
            else
            {
                kuma.NotMapped($"maxredirects {redirects.ToString(CultureInfo.InvariantCulture)}", "Sentinel follows up to 5 redirects, or none");
            }
        }

        if (kuma.Flag("ignoreTls"))
        {
            check["verifyTls"] = false;
        }

        var conditions = new List<string>();
        bodyRule(conditions);
        var accepted = AcceptedStatusCodes(kuma);
        if (conditions.Count > 0)
        {
            // With conditions the 2xx rule no longer applies, and Kuma checks the status code before the body.
            conditions.InsertRange(0, accepted.Conditions);
            check["conditions"] = new JsonArray([.. conditions.Select(c => (JsonNode?)c)]);
        }
        else if (accepted.Codes is { } codes)
        {
            check["expectedStatusCodes"] = new JsonArray([.. codes.Select(c => (JsonNode?)c)]);
        }
        else if (!accepted.IsDefault)
        {
            check["conditions"] = new JsonArray([.. accepted.Conditions.Select(c => (JsonNode?)c)]);
        }

        if (kuma.Number("timeout") is > 0 and var timeout)
        {
            check["timeoutSeconds"] = Math.Clamp((int)Math.Ceiling(timeout), 1, interval);
        }

        return check;
    }

    private static JsonObject? Headers(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject given)
            {
                return null;
            }

            var headers = new JsonObject();
            foreach (var (name, value) in given)
            {
                headers[name] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
            }

            return headers;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Authentication(UptimeKumaItem kuma, JsonObject check)
    {
        var method = kuma.Text("authMethod");
        // Backups older than Kuma's authMethod (1.20) sent basic auth whenever a user was given.
        var basic = method == "basic" || (kuma["authMethod"] is null && method is null && kuma.Text("basic_auth_user") is not null);
        if (basic)
        {
            check["basicAuth"] = new JsonObject
            {
                ["username"] = kuma.Text("basic_auth_user") ?? "",
                ["password"] = kuma["basic_auth_pass"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : "",
            };
        }
        else if (method is "ntlm" or "oauth2-cc" or "mtls")
        {
            var what = method switch { "ntlm" => "NTLM", "oauth2-cc" => "OAuth 2 client credentials", _ => "client certificates (mTLS)" };
            kuma.NotMapped($"authMethod {method}", $"Sentinel's HTTP check has basic auth and bearer tokens, not {what}");
        }
    }

    /// <summary>
    /// Kuma's <c>accepted_statuscodes</c> (<c>["200-299"]</c>, <c>["200", "404"]</c>): nothing for 2xx, a list of codes
    /// when they are few, otherwise <c>[STATUS]</c> bounds. Conditions are what a check with conditions needs.
    /// </summary>
    private static (bool IsDefault, IReadOnlyList<int>? Codes, IReadOnlyList<string> Conditions) AcceptedStatusCodes(UptimeKumaItem kuma)
    {
        var ranges = new List<(int Low, int High)>();
        foreach (var entry in kuma["accepted_statuscodes"] as JsonArray ?? [])
        {
            var text = entry?.ToString().Trim() ?? "";
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length is 1 or 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var low)
                && int.TryParse(parts[^1], CultureInfo.InvariantCulture, out var high) && low <= high
                && low >= 100 && high <= 599)
            {
                ranges.Add((low, high));
            }
            else
            {
                kuma.NotMapped($"accepted_statuscodes {UptimeKumaItem.Shown(text)}", "not a status code or range between 100 and 599");
            }
        }

        var merged = new List<(int Low, int High)>();
        foreach (var range in ranges.OrderBy(r => r.Low))
        {
            if (merged.Count > 0 && range.Low <= merged[^1].High + 1)
            {
                merged[^1] = (merged[^1].Low, Math.Max(merged[^1].High, range.High));
            }
            else
            {
                merged.Add(range);
            }
        }

        if (merged.Count == 0 || merged is [(200, 299)])
        {
            return (true, null, ["[STATUS] >= 200", "[STATUS] <= 299"]);
        }

        var codes = merged.SelectMany(r => Enumerable.Range(r.Low, r.High - r.Low + 1)).ToList();
        if (codes.Count <= Checks.Kinds.HttpCheck.MaxExpectedStatusCodes)
        {
            var written = string.Join(", ", codes);
            return (false, codes, [codes.Count == 1 ? $"[STATUS] == {written}" : $"[STATUS] == any({written})"]);
        }

        if (merged.Count > 1)
        {
            kuma.NotMapped($"accepted_statuscodes {string.Join(", ", merged.Select(r => $"{r.Low}-{r.High}"))}",
                $"Sentinel's conditions cannot say 'one range or another' for this many codes: every code from {merged[0].Low} to {merged[^1].High} is accepted");
        }

        return (false, null, [$"[STATUS] >= {merged[0].Low}", $"[STATUS] <= {merged[^1].High}"]);
    }

    private static void Keyword(UptimeKumaItem kuma, List<string> conditions)
    {
        if (kuma["keyword"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
        {
            kuma.NotMapped("keyword", "empty: the check is up on its status code alone");
            return;
        }

        var keyword = value.GetValue<string>();
        var condition = $"[BODY] {(kuma.Flag("invertKeyword") ? "!=" : "==")} pat(*{keyword}*)";
        if (keyword.Contains('*'))
        {
            kuma.NotMapped($"keyword {UptimeKumaItem.Shown(keyword)}", "in Sentinel's pat() a * stands for any text, so the * in it matches more than itself");
        }

        Add(kuma, conditions, condition, $"keyword {UptimeKumaItem.Shown(keyword)}");
    }

    private static void JsonQuery(UptimeKumaItem kuma, List<string> conditions)
    {
        var query = kuma.Text("jsonPath") ?? "";
        var match = JsonataPath().Match(query.Trim());
        if (!match.Success)
        {
            kuma.NotMapped($"jsonPath {UptimeKumaItem.Shown(query)}",
                "a JSONata expression beyond a plain path: Sentinel's [BODY] paths are .name and [index] steps; the check is up on its status code alone");
            return;
        }

        var expected = kuma["expectedValue"] is JsonValue v ? v.ToString() : "";
        if (expected.Length == 0 || expected.Trim() != expected)
        {
            kuma.NotMapped($"expectedValue {UptimeKumaItem.Shown(expected)}", "Sentinel compares with a value written without surrounding blanks, so not with this one");
            return;
        }

        var path = match.Groups["path"].Value;
        Add(kuma, conditions, $"[BODY]{(path.StartsWith('[') ? "" : ".")}{path} == {expected}", $"jsonPath {UptimeKumaItem.Shown(query)}");
    }

    /// <summary>Adds <paramref name="condition"/> if Sentinel reads it as written, otherwise says so.</summary>
    private static void Add(UptimeKumaItem kuma, List<string> conditions, string condition, string what)
    {
        try
        {
            Condition.Parse(condition);
            conditions.Add(condition);
        }
        catch (ConditionException ex)
        {
            kuma.NotMapped(what, $"as the condition {UptimeKumaItem.Shown(condition)} Sentinel cannot read it ({ex.Message}); the check is up on its status code alone");
        }
    }

    private static JsonObject? Ping(UptimeKumaItem kuma)
    {
        if (kuma.Number("packetSize") is { } size && size != KumaDefaultPacketSize)
        {
            kuma.NotMapped($"packetSize {size.ToString(CultureInfo.InvariantCulture)}", "Sentinel's echo requests have the system's own size");
        }

        return Url(kuma, "icmp", Host(kuma.Text("hostname")));
    }

    private static JsonObject? Dns(UptimeKumaItem kuma)
    {
        var type = (kuma.Text("dns_resolve_type") ?? "A").ToUpperInvariant();
        if (!DnsTypes.Contains(type))
        {
            return Skip(kuma, $"dns_resolve_type {type}", $"Sentinel's DNS check asks for {string.Join(", ", DnsTypes)} records");
        }

        var resolver = (kuma.Text("dns_resolve_server") ?? "1.1.1.1").Trim();
        var port = kuma.Number("port") is { } p && p != 53 ? $":{p.ToString(CultureInfo.InvariantCulture)}" : "";
        return Url(kuma, "dns", $"{Host(resolver)}{port}/{kuma.Text("hostname")?.Trim()}?type={type}");
    }

    private static JsonObject Heartbeat(UptimeKumaItem kuma)
    {
        kuma.NotMapped("pushToken", "Sentinel makes a token of its own: point the job at the new monitor's pingUrl (/api/v1/heartbeats/<token>)");
        return new JsonObject { ["type"] = "heartbeat" };
    }

    /// <summary>
    /// Kuma's gRPC monitor calls any method and looks for a keyword in the answer; Sentinel's asks the standard health
    /// service, so only a monitor that calls <c>grpc.health.v1.Health/Check</c> carries over.
    /// </summary>
    private static JsonObject? Grpc(UptimeKumaItem kuma)
    {
        if (kuma.Text("grpcServiceName") != "grpc.health.v1.Health" || !string.Equals(kuma.Text("grpcMethod"), "check", StringComparison.OrdinalIgnoreCase))
        {
            return Skip(kuma, $"grpcServiceName {UptimeKumaItem.Shown(kuma.Text("grpcServiceName") ?? "")}",
                "Sentinel's gRPC check asks only the standard health service (grpc.health.v1.Health/Check): check the port with tcp:// instead");
        }

        var service = "";
        try
        {
            if (kuma.Text("grpcBody") is { } body && JsonNode.Parse(body) is JsonObject request && request["service"]?.ToString() is { Length: > 0 } name)
            {
                service = "/" + name;
            }
        }
        catch (JsonException)
        {
            kuma.NotMapped("grpcBody", "not JSON: the health of the whole server is asked");
        }

        if (kuma.Text("keyword") is { } keyword && (keyword != "SERVING" || kuma.Flag("invertKeyword")))
        {
            kuma.NotMapped($"keyword {UptimeKumaItem.Shown(keyword)}", "Sentinel's gRPC check is up when the health service answers SERVING");
        }

        kuma.NotMappedWhenSet("Sentinel's health call sends no metadata", "grpcMetadata");
        return Url(kuma, kuma.Flag("grpcEnableTls") ? "grpcs" : "grpc", $"{kuma.Text("grpcUrl")?.Trim()}{service}");
    }

    private static JsonObject? Postgres(UptimeKumaItem kuma)
    {
        var url = DatabaseUrl(kuma, ["postgres", "postgresql"], "sslmode", SslModes);
        if (url is null)
        {
            return null;
        }

        if (kuma.Text("databaseQuery")?.Trim() is { } query && !query.Equals("SELECT 1", StringComparison.OrdinalIgnoreCase))
        {
            if (query.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || query.StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
            {
                url["query"] = query;
            }
            else
            {
                kuma.NotMapped($"databaseQuery {UptimeKumaItem.Shown(query)}", "Sentinel runs one SELECT (or WITH … SELECT), read-only: it logs in and runs SELECT 1");
            }
        }

        return url;
    }

    private static JsonObject? Redis(UptimeKumaItem kuma) => DatabaseUrl(kuma, ["redis", "rediss"], null, []);

    /// <summary>Kuma's <c>databaseConnectionString</c> as the URL, keeping only the query parameter Sentinel reads.</summary>
    private static JsonObject? DatabaseUrl(UptimeKumaItem kuma, string[] schemes, string? parameter, string[] values)
    {
        var text = kuma.Text("databaseConnectionString")?.Trim();
        if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            return Skip(kuma, "databaseConnectionString", $"not a {schemes[0]}:// URL, which is what Sentinel checks (docs/checks.md)");
        }

        var cut = text.IndexOf('?');
        if (cut < 0)
        {
            return new JsonObject { ["url"] = text };
        }

        var kept = new List<string>();
        foreach (var pair in text[(cut + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.Split('=', 2) is [var n, var v] ? (n, v) : (pair, "");
            if (name == parameter && values.Contains(value))
            {
                kept.Add(pair);
            }
            else
            {
                kuma.NotMapped($"databaseConnectionString parameter {UptimeKumaItem.Shown(pair.Split('=')[0])}",
                    parameter is null ? "Sentinel's URL takes no query parameters" : $"Sentinel's URL takes only {parameter}= ({string.Join(", ", values)})");
            }
        }

        return new JsonObject { ["url"] = text[..cut] + (kept.Count > 0 ? "?" + string.Join('&', kept) : "") };
    }

    private static JsonObject? Url(UptimeKumaItem kuma, string scheme, string rest)
    {
        var url = $"{scheme}://{rest}";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? new JsonObject { ["url"] = url }
            : Skip(kuma, "hostname", $"{UptimeKumaItem.Shown(url)} is not a URL Sentinel can check");
    }

    /// <summary>An IPv6 address in brackets, as a URL's host must be.</summary>
    private static string Host(string? host)
    {
        var trimmed = host?.Trim() ?? "";
        return trimmed.Contains(':') && !trimmed.StartsWith('[') ? $"[{trimmed}]" : trimmed;
    }

    private static JsonObject? Skip(UptimeKumaItem kuma, string what, string why)
    {
        kuma.NotMapped(what, why + "; the monitor is skipped");
        return null;
    }

    /// <summary>
    /// Kuma's tags are a name with an optional value; Sentinel's are single words, so <c>env</c> = <c>prod</c> becomes
    /// <c>env:prod</c>, and characters a tag cannot hold become <c>-</c>.
    /// </summary>
    private static JsonArray Tags(UptimeKumaItem kuma)
    {
        var tags = new List<string>();
        foreach (var tag in (kuma["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var fields = new UptimeKumaItem(tag, kuma.Label, []);
            if (fields.Text("name") is not { } name)
            {
                continue;
            }

            var written = fields.Text("value") is { } value ? $"{name}:{value}" : name;
            var cleaned = NotTagText().Replace(written.Trim(), "-").Trim('-');
            cleaned = cleaned[..Math.Min(cleaned.Length, MonitorValidation.MaxTagLength)];
            if (cleaned.Length == 0)
            {
                kuma.NotMapped($"tag {UptimeKumaItem.Shown(written)}", "nothing of it is letters, digits or - _ . : /, all a Sentinel tag may hold");
                continue;
            }

            if (cleaned != written)
            {
                kuma.NotMapped($"tag {UptimeKumaItem.Shown(written)}", $"a Sentinel tag is up to 64 letters, digits and - _ . : /: imported as {UptimeKumaItem.Shown(cleaned)}");
            }

            if (!tags.Contains(cleaned))
            {
                tags.Add(cleaned);
            }
        }

        if (tags.Count > MonitorValidation.MaxTags)
        {
            kuma.NotMapped($"tags {string.Join(", ", tags[MonitorValidation.MaxTags..])}", $"a monitor has at most {MonitorValidation.MaxTags} tags");
        }

        return new JsonArray([.. tags.Take(MonitorValidation.MaxTags).Select(t => (JsonNode?)t)]);
    }

    /// <summary>Kuma's <c>notificationIDList</c> (<c>{"1": true}</c>) as the names given to those channels.</summary>
    private static JsonArray Channels(UptimeKumaItem kuma, IReadOnlyDictionary<string, string> channelNames)
    {
        var channels = new JsonArray();
        if (kuma["notificationIDList"] is not JsonObject ids)
        {
            return channels;
        }

        foreach (var (id, on) in ids.OrderBy(p => int.TryParse(p.Key, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue))
        {
            if (on is not JsonValue flag || flag.ToString() is not ("true" or "1"))
            {
                continue;
            }

            if (channelNames.TryGetValue(id, out var name))
            {
                channels.Add(name);
            }
            else
            {
                kuma.NotMapped($"notification {id}", "not imported as a channel (see notificationList above), so the monitor does not name it");
            }
        }

        return channels;
    }

    /// <summary><c>apply</c> reads <c>${NAME}</c> as an environment variable; what Kuma held literally stays literal.</summary>
    private static void EscapeVariables(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains("${", StringComparison.Ordinal))
                    {
                        o[name] = v.GetValue<string>().Replace("${", "$${", StringComparison.Ordinal);
                    }
                    else
                    {
                        EscapeVariables(value);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains("${", StringComparison.Ordinal))
                    {
                        a[i] = v.GetValue<string>().Replace("${", "$${", StringComparison.Ordinal);
                    }
                    else
                    {
                        EscapeVariables(a[i]);
                    }
                }

                break;
        }
    }

    /// <summary>A JSONata expression that is a plain path: <c>status</c>, <c>$.data.items[0].id</c>.</summary>
    [GeneratedRegex(@"^(\$\.?)?(?<path>[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*)*)$")]
    private static partial Regex JsonataPath();

    [GeneratedRegex("[^A-Za-z0-9_.:/-]+")]
    private static partial Regex NotTagText();
}
