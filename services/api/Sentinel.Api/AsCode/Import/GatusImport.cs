using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Conditions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sentinel.Api.AsCode.Import;

/// <summary>
/// A Gatus configuration (its README's format: <c>endpoints</c>, <c>external-endpoints</c>, <c>alerting</c>,
/// <c>maintenance</c>) as one document of Sentinel's config format (docs/as-code.md): endpoints become monitors with
/// the same URL, interval and conditions, alerting providers become channels named <c>gatus-{provider}</c>, the
/// maintenance window a recurring window. What has no counterpart is listed in
/// <see cref="ImportedConfig.NotMapped"/>, one line per key actually present, saying why.
/// </summary>
/// <remarks>
/// Names: a monitor takes the endpoint's name, and its group becomes a tag; only names given in more than one group
/// are written <c>group/name</c>, since Sentinel's monitor names are unique where Gatus's are unique per group.
/// </remarks>
public static partial class GatusImport
{
    /// <summary>What Gatus does without <c>alerts[].failure-threshold</c>, <c>success-threshold</c> and <c>send-on-resolved</c>; Sentinel's own defaults differ (1, 1, true).</summary>
    private const int GatusFailureThreshold = 3;

    private const int GatusSuccessThreshold = 2;

    private static readonly Dictionary<string, string> IgnoredTopLevel = new()
    {
        ["metrics"] = "Sentinel's services always expose Prometheus metrics (docs/configuration.md)",
        ["storage"] = "Sentinel keeps its history in its own PostgreSQL database",
        ["security"] = "Sentinel's dashboard has its own users and API keys (docs/security.md)",
        ["web"] = "Sentinel's address and port are its deployment's settings",
        ["ui"] = "Sentinel's dashboard and status pages are configured in Sentinel (docs/status-pages.md)",
        ["announcements"] = "Sentinel has incidents instead (docs/incidents.md); post them there",
        ["concurrency"] = "Sentinel's checkers scale by replicas and their own concurrency setting",
        ["disable-monitoring-lock"] = "Sentinel's checkers scale by replicas and their own concurrency setting",
        ["skip-invalid-config-update"] = "`./sentinel apply` refuses an invalid file as a whole",
        ["tunneling"] = "Sentinel has no SSH tunnels; run Sentinel's checkers where they can reach the endpoints",
        ["remote"] = "Sentinel does not read other instances",
        ["connectivity"] = "Sentinel reports when it is not checking itself (docs/alerting.md)",
        ["suites"] = "Sentinel has no suites (chained requests sharing a context); monitor each step's endpoint on its own",
    };

    /// <summary>Keys of an endpoint this importer reads (some to say why they are not carried).</summary>
    private static readonly HashSet<string> EndpointKeys =
    [
        "enabled", "name", "group", "url", "method", "conditions", "interval", "graphql", "body", "headers", "dns", "ssh",
        "alerts", "maintenance-windows", "client", "ui", "extra-labels", "always-run", "store",
    ];

    private static readonly HashSet<string> ExternalEndpointKeys = ["enabled", "name", "group", "token", "alerts", "heartbeat"];

    /// <summary>What Gatus's alert settings mean (an endpoint's alert, or a provider's default-alert).</summary>
    private static readonly HashSet<string> AlertKeys =
    [
        "type", "enabled", "failure-threshold", "success-threshold", "send-on-resolved", "description", "minimum-reminder-interval",
        "provider-override",
    ];

    /// <summary>Reads <paramref name="yaml"/>, a Gatus config.yaml; an <see cref="ImportException"/> when it is not YAML or not a Gatus configuration.</summary>
    public static ImportedConfig Import(string yaml)
    {
        var root = Load(yaml);
        return new Run(root).Import();
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ImportException($"Not valid YAML (line {ex.Start.Line}): {ConfigYaml.Describe(ex)}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImportException("Not a Gatus configuration: a Gatus config.yaml is a mapping with endpoints: (and alerting:, maintenance:, ...).");
        }

        var keys = root.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? "").ToList();
        if (!keys.Any(k => k is "endpoints" or "external-endpoints" or "suites" or "alerting" or "maintenance"))
        {
            throw new ImportException(
                $"Not a Gatus configuration (line {root.Start.Line}): it has none of endpoints:, external-endpoints:, alerting: or maintenance:, "
                + $"but {string.Join(", ", keys.Take(5).Select(k => k + ":"))}.");
        }

        return root;
    }

    /// <summary>One import: the document being built and what could not be carried across.</summary>
    private sealed partial class Run(YamlMappingNode root)
    {
        private readonly List<string> _notMapped = [];
        private readonly JsonArray _channels = [];
        private readonly JsonArray _monitors = [];
        private readonly JsonArray _windows = [];
        private readonly Dictionary<string, Provider> _providers = [];

        public ImportedConfig Import()
        {
            foreach (var (keyNode, value) in root.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                if (key is "endpoints" or "external-endpoints" or "alerting" or "maintenance")
                {
                    continue;
                }

                _notMapped.Add(IgnoredTopLevel.TryGetValue(key, out var why)
                    ? $"{key}: {Describe(key, value)} — {why}"
                    : $"{key}: not a Gatus setting this importer knows — left out");
            }

            if (Get(root, "alerting") is { } alerting)
            {
                ReadAlerting(Mapping(alerting, "alerting"));
            }

            var endpoints = Sequence(Get(root, "endpoints"), "endpoints");
            var externals = Sequence(Get(root, "external-endpoints"), "external-endpoints");
            var names = MonitorNames(endpoints, externals);
            for (var i = 0; i < endpoints.Count; i++)
            {
                ReadEndpoint(Mapping(endpoints[i], $"endpoints[{i}]"), $"endpoints[{i}]", names);
            }

            for (var i = 0; i < externals.Count; i++)
            {
                ReadExternalEndpoint(Mapping(externals[i], $"external-endpoints[{i}]"), $"external-endpoints[{i}]", names);
            }

            if (Get(root, "maintenance") is { } maintenance)
            {
                ReadMaintenance(Mapping(maintenance, "maintenance"), "maintenance", "Gatus maintenance", null);
            }

            var document = new JsonObject();
            if (_channels.Count > 0)
            {
                document["channels"] = _channels;
            }

            if (_monitors.Count > 0)
            {
                document["monitors"] = _monitors;
            }

            if (_windows.Count > 0)
            {
                document["maintenanceWindows"] = _windows;
            }

            return new ImportedConfig(document, _notMapped);
        }

        /// <summary>
        /// Each endpoint's monitor name, by its path: the endpoint's name, or <c>group/name</c> when the name is given
        /// in more than one group (Gatus keys endpoints by group and name, Sentinel by name alone).
        /// </summary>
        private static Dictionary<string, string> MonitorNames(IReadOnlyList<YamlNode> endpoints, IReadOnlyList<YamlNode> externals)
        {
            var all = endpoints.Select((e, i) => ($"endpoints[{i}]", e))
                .Concat(externals.Select((e, i) => ($"external-endpoints[{i}]", e)))
                .Select(p => (Path: p.Item1, Name: Text(Get(p.Item2 as YamlMappingNode, "name"))?.Trim() ?? "", Group: Text(Get(p.Item2 as YamlMappingNode, "group"))?.Trim() ?? ""))
                .ToList();
            var clashing = all.GroupBy(e => e.Name).Where(g => g.Select(e => e.Group).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
            return all.ToDictionary(e => e.Path, e => clashing.Contains(e.Name) && e.Group.Length > 0 ? $"{e.Group}/{e.Name}" : e.Name);
        }

        private void ReadEndpoint(YamlMappingNode endpoint, string path, Dictionary<string, string> names)
        {
            var name = names[path];
            var at = name.Length > 0 ? $"{path} ({name})" : path;
            if (!IsNew(name, at))
            {
                return;
            }

            var url = Text(Get(endpoint, "url"))?.Trim();
            var kind = KindOf(endpoint, url, out var whyNot);
            if (kind is null)
            {
                _notMapped.Add($"{at}: the whole endpoint ({url}) — {whyNot}");
                return;
            }

            string scheme, target;
            if (kind == "dns")
            {
                if (DnsUrl(endpoint, url ?? "", at, out var dnsProblem) is not { } dnsUrl)
                {
                    _notMapped.Add($"{at}: the whole endpoint — {dnsProblem}");
                    return;
                }

                (scheme, target) = ("dns", dnsUrl);
            }
            else
            {
                target = url!;
                scheme = target[..target.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
            }

            var monitor = new JsonObject { ["name"] = name, ["url"] = target };

            var http = kind == "http";
            ReadRequest(endpoint, monitor, http, name, at);
            var interval = ReadInterval(endpoint, monitor, at);
            ReadClient(Get(endpoint, "client") is { } client ? Mapping(client, $"{path}.client") : null, monitor, scheme, interval, at);
            ReadConditions(endpoint, monitor, scheme, at);
            if (Get(endpoint, "enabled") is { } enabled && Bool(enabled, $"{at}.enabled") is false)
            {
                monitor["enabled"] = false;
            }

            var group = Text(Get(endpoint, "group"))?.Trim();
            var tags = Tags(group, Get(endpoint, "extra-labels"), at);
            if (tags.Count > 0)
            {
                monitor["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]);
            }

            ReadAlerts(endpoint, monitor, group, at);
            _monitors.Add(monitor);

            var windows = Sequence(Get(endpoint, "maintenance-windows"), $"{at}.maintenance-windows");
            for (var i = 0; i < windows.Count; i++)
            {
                var windowName = windows.Count == 1 ? $"{name} maintenance" : $"{name} maintenance {i + 1}";
                ReadMaintenance(Mapping(windows[i], $"{at}.maintenance-windows[{i}]"), $"{at}.maintenance-windows[{i}]", windowName, name);
            }

            foreach (var key in Keys(endpoint))
            {
                switch (key)
                {
                    case "ui":
                        _notMapped.Add($"{at}.ui: {Describe("ui", Get(endpoint, "ui")!)} — Sentinel's dashboard shows every check's URL, errors and conditions; it has no per-monitor display settings");
                        break;
                    case "always-run" or "store":
                        _notMapped.Add($"{at}.{key} — only for suites, which Sentinel does not have");
                        break;
                    case "ssh":
                        // Only on ssh:// endpoints, reported whole above; written on another kind it does nothing in Gatus either.
                        _notMapped.Add($"{at}.ssh — Sentinel has no SSH check; Gatus uses it only for ssh:// URLs");
                        break;
                    case var other when !EndpointKeys.Contains(other):
                        _notMapped.Add($"{at}.{other} — not a documented Gatus endpoint setting; left out");
                        break;
                }
            }
        }

        /// <summary>The kind of check the endpoint is, as Gatus decides it (a dns: block, else the URL's scheme); null with why when Sentinel has none.</summary>
        private static string? KindOf(YamlMappingNode endpoint, string? url, out string whyNot)
        {
            whyNot = "";
            if (Get(endpoint, "dns") is not null)
            {
                return "dns";
            }

            if (string.IsNullOrEmpty(url))
            {
                whyNot = "it has no url, which Gatus requires";
                return null;
            }

            var cut = url.IndexOf("://", StringComparison.Ordinal);
            var scheme = cut > 0 ? url[..cut].ToLowerInvariant() : "";
            switch (scheme)
            {
                case "http" or "https":
                    return "http";
                case "tcp" or "tls" or "icmp":
                    return scheme;
                case "grpc" or "grpcs":
                    return "grpc";
                case "starttls":
                    whyNot = "Sentinel has no STARTTLS check; a tls:// monitor covers servers that speak TLS from the start (IMAPS 993, SMTPS 465), a tcp:// one the port";
                    return null;
                case "ssh":
                    whyNot = "Sentinel has no SSH check (it runs no commands on hosts); a tcp:// monitor on port 22 sees whether the server accepts connections";
                    return null;
                case "ws" or "wss":
                    whyNot = "Sentinel has no WebSocket check; an http(s):// monitor on the same address sees whether the server answers";
                    return null;
                case "udp":
                    whyNot = "Sentinel has no UDP check (UDP has no connection to see)";
                    return null;
                case "sctp":
                    whyNot = "Sentinel has no SCTP check";
                    return null;
                default:
                    whyNot = cut > 0 ? $"Sentinel has no {scheme}:// check ({CheckKinds.SchemeList})" : "the url has no scheme, so Gatus would not know what to check either";
                    return null;
            }
        }

        /// <summary><c>dns://resolver/name?type=A</c> from Gatus's resolver in <c>url</c> and its <c>dns:</c> block; null with why when Sentinel cannot ask it.</summary>
        private string? DnsUrl(YamlMappingNode endpoint, string url, string at, out string problem)
        {
            problem = "";
            var dns = Mapping(Get(endpoint, "dns")!, $"{at}.dns");
            var name = Text(Get(dns, "query-name"))?.Trim();
            var type = (Text(Get(dns, "query-type"))?.Trim() ?? "A").ToUpperInvariant();
            if (string.IsNullOrEmpty(name))
            {
                problem = "its dns: block has no query-name, which Gatus requires";
                return null;
            }

            if (!Enum.GetNames<Sentinel.Checks.Kinds.DnsType>().Contains(type))
            {
                problem = $"Sentinel's DNS check asks for {string.Join(", ", Enum.GetNames<Sentinel.Checks.Kinds.DnsType>())} records, not {type}";
                return null;
            }

            var resolver = url;
            var cut = resolver.IndexOf("://", StringComparison.Ordinal);
            if (cut > 0)
            {
                var scheme = resolver[..cut].ToLowerInvariant();
                if (scheme != "udp")
                {
                    problem = $"Sentinel's DNS check asks over UDP, not {scheme}";
                    return null;
                }

                resolver = resolver[(cut + 3)..];
            }

            foreach (var key in Keys(dns).Where(k => k is not ("query-name" or "query-type")))
            {
                _notMapped.Add($"{at}.dns.{key} — not a documented Gatus DNS setting; left out");
            }

            return $"dns://{resolver.TrimEnd('/')}/{name}?type={type}";
        }

        /// <summary>method, body (with graphql) and headers: HTTP's; on other kinds Gatus ignores them too, or uses them where Sentinel cannot.</summary>
        private void ReadRequest(YamlMappingNode endpoint, JsonObject monitor, bool http, string name, string at)
        {
            var method = Text(Get(endpoint, "method"))?.Trim();
            var body = Text(Get(endpoint, "body"));
            var headers = Get(endpoint, "headers") is { } h ? Mapping(h, $"{at}.headers") : null;
            var graphql = Get(endpoint, "graphql") is { } g && Bool(g, $"{at}.graphql") is true;
            if (!http)
            {
                foreach (var (key, value) in new[] { ("method", method), ("body", body), ("headers", headers is null ? null : "…") })
                {
                    if (value is not null)
                    {
                        _notMapped.Add($"{at}.{key} — Sentinel sends a request of its own only in http(s):// checks; this kind sends nothing");
                    }
                }

                return;
            }

            if (method is not null)
            {
                monitor["method"] = method.ToUpperInvariant();
            }

            string? contentType = null;
            if (headers is not null)
            {
                var carried = new JsonObject();
                foreach (var (key, value) in Pairs(headers))
                {
                    if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        // Sentinel keeps the body's type in contentType (application/json by default).
                        contentType = value;
                        continue;
                    }

                    carried[key] = value;
                }

                if (carried.Count > 0)
                {
                    monitor["headers"] = carried;
                }
            }

            if (body is not null)
            {
                body = body.Replace("[ENDPOINT_NAME]", name, StringComparison.Ordinal)
                    .Replace("[ENDPOINT_GROUP]", Text(Get(endpoint, "group")) ?? "", StringComparison.Ordinal)
                    .Replace("[ENDPOINT_URL]", Text(Get(endpoint, "url")) ?? "", StringComparison.Ordinal);
                if (DynamicBodyPlaceholder().Match(body) is { Success: true } dynamic)
                {
                    _notMapped.Add($"{at}.body: {dynamic.Value} — Sentinel fills in no placeholders in a body; it is sent as written");
                }

                if (graphql)
                {
                    body = new JsonObject { ["query"] = body }.ToJsonString();
                    contentType = "application/json";
                }

                monitor["body"] = body;
                if (contentType is not null)
                {
                    monitor["contentType"] = contentType;
                }
            }
            else if (contentType is not null)
            {
                _notMapped.Add($"{at}.headers.Content-Type — without a body there is no content to type");
            }
        }

        private int ReadInterval(YamlMappingNode endpoint, JsonObject monitor, string at)
        {
            if (Get(endpoint, "interval") is not { } node)
            {
                // Gatus's default is Sentinel's too: a minute.
                return MonitorValidation.DefaultIntervalSeconds;
            }

            var seconds = Seconds(node, $"{at}.interval", CheckContext.MaxIntervalSeconds);
            if (seconds is null)
            {
                return MonitorValidation.DefaultIntervalSeconds;
            }

            monitor["intervalSeconds"] = seconds;
            return seconds.Value;
        }

        private void ReadClient(YamlMappingNode? client, JsonObject monitor, string scheme, int interval, string at)
        {
            if (client is null)
            {
                return;
            }

            foreach (var (keyNode, value) in client.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                var where = $"{at}.client.{key}";
                switch (key)
                {
                    case "insecure" when Bool(value, where) is true:
                        if (scheme is "https" or "grpcs")
                        {
                            monitor["verifyTls"] = false;
                        }
                        else
                        {
                            _notMapped.Add($"{where}: true — Sentinel's {scheme}:// check {(scheme == "tls" ? "always verifies the certificate: that is what it checks" : "has no certificate to skip")}");
                        }

                        break;
                    case "insecure":
                        break;
                    case "ignore-redirect" when Bool(value, where) is true:
                        if (scheme is "http" or "https")
                        {
                            monitor["followRedirects"] = false;
                        }
                        else
                        {
                            _notMapped.Add($"{where}: true — a {scheme}:// check follows no redirects");
                        }

                        break;
                    case "ignore-redirect":
                        break;
                    case "timeout":
                        if (Seconds(value, where, CheckContext.MaxIntervalSeconds) is { } timeout)
                        {
                            if (timeout > interval)
                            {
                                _notMapped.Add($"{where}: {Text(value)} — Sentinel's timeout is at most the interval; {interval} s is used");
                                timeout = interval;
                            }

                            monitor["timeoutSeconds"] = timeout;
                        }

                        break;
                    case "dns-resolver":
                        _notMapped.Add($"{where}: {Text(value)} — Sentinel's checkers use their host's resolver");
                        break;
                    case "oauth2" or "identity-aware-proxy":
                        _notMapped.Add($"{where} — Sentinel fetches no tokens; give the check a bearerToken or an Authorization header");
                        break;
                    case "proxy-url":
                        _notMapped.Add($"{where}: {Text(value)} — Sentinel's checks connect directly; run a checker in that network (regions) instead");
                        break;
                    case "tls":
                        _notMapped.Add($"{where} — Sentinel presents no client certificate (mTLS)");
                        break;
                    case "network":
                        _notMapped.Add($"{where}: {Text(value)} — Sentinel's ICMP check pings the first address its resolver allows, IPv4 or IPv6");
                        break;
                    case "tunnel":
                        _notMapped.Add($"{where}: {Text(value)} — Sentinel has no SSH tunnels; run a checker in that network (regions) instead");
                        break;
                    case "store-cookies":
                        _notMapped.Add($"{where} — Sentinel's checks are independent requests; no cookies are kept");
                        break;
                    default:
                        _notMapped.Add($"{where} — not a documented Gatus client setting; left out");
                        break;
                }
            }
        }

        /// <summary>
        /// Each condition as Sentinel's parser and the kind's placeholders judge it (the same rules as saving a monitor):
        /// one that holds is carried as written, one that does not is reported with the parser's reason.
        /// </summary>
        private void ReadConditions(YamlMappingNode endpoint, JsonObject monitor, string scheme, string at)
        {
            var conditions = Sequence(Get(endpoint, "conditions"), $"{at}.conditions");
            var carried = new JsonArray();
            for (var i = 0; i < conditions.Count; i++)
            {
                var written = Text(conditions[i])?.Trim() ?? "";
                var where = $"{at}.conditions[{i}]";
                if (scheme is "grpc" or "grpcs" && GrpcServing().IsMatch(written))
                {
                    _notMapped.Add($"{where}: {written} — Sentinel's gRPC check is down whenever the answer is not SERVING, so this needs no condition");
                    continue;
                }

                // Gatus's [BODY] of a DNS check is the answer's data: Sentinel's [DNS_ANSWER].
                var condition = scheme == "dns" ? DnsBody().Replace(written, "[DNS_ANSWER]") : written;
                try
                {
                    var parsed = Condition.Parse(condition);
                    if (CheckKinds.Refusal(parsed, scheme) is { } refusal)
                    {
                        _notMapped.Add($"{where}: {written} — {refusal}");
                        continue;
                    }
                }
                catch (ConditionException ex)
                {
                    _notMapped.Add($"{where}: {written} — {ex.Message}");
                    continue;
                }

                if (carried.Count == ProbeCheck.MaxConditions)
                {
                    _notMapped.Add($"{where}: {written} — Sentinel takes at most {ProbeCheck.MaxConditions} conditions per monitor");
                    continue;
                }

                carried.Add(condition);
            }

            if (carried.Count > 0)
            {
                monitor["conditions"] = carried;
            }
            else if (conditions.Count > 0)
            {
                _notMapped.Add($"{at}.conditions — none is left, so Sentinel's default rule for {scheme}:// checks decides (docs/checks.md)");
            }
        }

        /// <summary>The group (as a tag) and extra-labels (as <c>key:value</c> tags); what is not a tag is reported.</summary>
        private List<string> Tags(string? group, YamlNode? labels, string at)
        {
            var tags = new List<string>();
            if (!string.IsNullOrEmpty(group))
            {
                var tag = Tag(group);
                if (MonitorValidation.IsTag(tag))
                {
                    tags.Add(tag);
                }
                else
                {
                    _notMapped.Add($"{at}.group: {group} — not usable as a tag");
                }
            }

            if (labels is not null)
            {
                foreach (var (key, value) in Pairs(Mapping(labels, $"{at}.extra-labels")))
                {
                    var tag = Tag($"{key}:{value}");
                    if (MonitorValidation.IsTag(tag) && tags.Count < MonitorValidation.MaxTags)
                    {
                        tags.Add(tag);
                    }
                    else
                    {
                        _notMapped.Add($"{at}.extra-labels.{key}: {value} — not usable as a tag (letters, digits and - _ . : /, at most {MonitorValidation.MaxTagLength})");
                    }
                }
            }

            return tags.Distinct().ToList();
        }

        /// <summary>A group or label as a tag: lower case (Sentinel stores tags so), spaces and other characters a tag cannot hold as '-'.</summary>
        private static string Tag(string text) => TagUnfit().Replace(text.Trim().ToLowerInvariant(), "-");

        private void ReadExternalEndpoint(YamlMappingNode endpoint, string path, Dictionary<string, string> names)
        {
            var name = names[path];
            var at = name.Length > 0 ? $"{path} ({name})" : path;
            if (!IsNew(name, at))
            {
                return;
            }

            var monitor = new JsonObject { ["name"] = name, ["type"] = "heartbeat" };
            var heartbeat = Get(endpoint, "heartbeat") is { } h ? Mapping(h, $"{at}.heartbeat") : null;
            var interval = heartbeat is null ? null : Get(heartbeat, "interval") is { } i ? Seconds(i, $"{at}.heartbeat.interval", CheckContext.MaxIntervalSeconds) : null;
            if (interval is null or 0)
            {
                interval = CheckContext.MaxIntervalSeconds;
                _notMapped.Add($"{at}.heartbeat.interval: none — Gatus waits for pushes without a deadline; a Sentinel heartbeat needs one, so a day is set: adjust intervalSeconds");
            }

            monitor["intervalSeconds"] = interval;
            _notMapped.Add($"{at}.token — Sentinel gives the heartbeat its own ping URL (pingUrl, after apply): point the job that pushed to Gatus at it, "
                           + "and ping only on success (a missing ping is the failure; Sentinel has no pushed failure)");
            if (Get(endpoint, "enabled") is { } enabled && Bool(enabled, $"{at}.enabled") is false)
            {
                monitor["enabled"] = false;
            }

            var group = Text(Get(endpoint, "group"))?.Trim();
            var tags = Tags(group, null, at);
            if (tags.Count > 0)
            {
                monitor["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]);
            }

            ReadAlerts(endpoint, monitor, group, at);
            _monitors.Add(monitor);
            foreach (var key in Keys(endpoint).Where(k => !ExternalEndpointKeys.Contains(k)))
            {
                _notMapped.Add($"{at}.{key} — not a documented Gatus external-endpoint setting; left out");
            }
        }

        /// <summary>Whether <paramref name="name"/> may name a new monitor; reported when empty or taken (Gatus refuses both).</summary>
        private bool IsNew(string name, string at)
        {
            if (name.Length == 0)
            {
                _notMapped.Add($"{at}: the whole endpoint — it has no name, which Gatus requires");
                return false;
            }

            if (_monitors.Any(m => (string?)m!["name"] == name))
            {
                _notMapped.Add($"{at}: the whole endpoint — another endpoint has the same group and name, which Gatus refuses too");
                return false;
            }

            return true;
        }

        /// <summary>
        /// A Gatus maintenance window (<c>start</c> hh:mm, <c>duration</c>, <c>timezone</c>, <c>every</c> days) as a
        /// recurring window: all monitors for the global one, <paramref name="monitor"/> alone for an endpoint's.
        /// </summary>
        private void ReadMaintenance(YamlMappingNode maintenance, string at, string name, string? monitor)
        {
            if (Get(maintenance, "enabled") is { } enabled && Bool(enabled, $"{at}.enabled") is false)
            {
                _notMapped.Add($"{at}: the whole window — it is disabled (enabled: false); Sentinel's windows are on while they exist");
                return;
            }

            var start = Text(Get(maintenance, "start"))?.Trim() ?? "";
            var startMatch = StartTime().Match(start);
            if (!startMatch.Success || int.Parse(startMatch.Groups[1].Value, CultureInfo.InvariantCulture) > 23
                                    || int.Parse(startMatch.Groups[2].Value, CultureInfo.InvariantCulture) > 59)
            {
                _notMapped.Add($"{at}: the whole window — start '{start}' is not a time as hh:mm, which Gatus requires");
                return;
            }

            var duration = Get(maintenance, "duration") is { } d ? Seconds(d, $"{at}.duration", int.MaxValue) : null;
            if (duration is null or 0)
            {
                _notMapped.Add($"{at}: the whole window — it has no duration, which Gatus requires");
                return;
            }

            var days = new List<string>();
            foreach (var day in Sequence(Get(maintenance, "every"), $"{at}.every"))
            {
                var index = Array.FindIndex(Enum.GetNames<DayOfWeek>(), n => n.Equals(Text(day)?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    _notMapped.Add($"{at}: the whole window — '{Text(day)}' in every is not a day of the week");
                    return;
                }

                days.Add(index.ToString(CultureInfo.InvariantCulture));
            }

            var window = new JsonObject
            {
                ["name"] = name,
                ["cron"] = $"{int.Parse(startMatch.Groups[2].Value, CultureInfo.InvariantCulture)} {int.Parse(startMatch.Groups[1].Value, CultureInfo.InvariantCulture)} * * {(days.Count == 0 ? "*" : string.Join(",", days.Distinct()))}",
                ["timeZone"] = Text(Get(maintenance, "timezone"))?.Trim() is { Length: > 0 } zone ? zone : "UTC",
                ["durationMinutes"] = (int)Math.Ceiling(duration.Value / 60.0),
            };
            if (monitor is null)
            {
                window["allMonitors"] = true;
            }
            else
            {
                window["monitors"] = new JsonArray(monitor);
            }

            _windows.Add(window);
            foreach (var key in Keys(maintenance).Where(k => k is not ("enabled" or "start" or "duration" or "timezone" or "every")))
            {
                _notMapped.Add($"{at}.{key} — not a documented Gatus maintenance setting; left out");
            }
        }

        /// <summary>A Go duration (<c>30s</c>, <c>5m</c>, <c>1h30m</c>) in whole seconds, at most <paramref name="max"/>; null (reported) when it is none.</summary>
        private int? Seconds(YamlNode node, string at, int max)
        {
            var text = Text(node)?.Trim() ?? "";
            if (GoDuration(text) is not { } duration)
            {
                _notMapped.Add($"{at}: {text} — not a duration as Gatus writes them (30s, 5m, 1h30m); Sentinel's default is used");
                return null;
            }

            var seconds = Math.Ceiling(duration.TotalSeconds);
            if (seconds != duration.TotalSeconds)
            {
                _notMapped.Add($"{at}: {text} — Sentinel counts whole seconds; {seconds} s is used");
            }

            if (seconds > max)
            {
                _notMapped.Add($"{at}: {text} — longer than Sentinel allows ({max} s); {max} s is used");
                return max;
            }

            return (int)seconds;
        }

        /// <summary>A scalar's true or false as YAML writes them; anything else is reported and read as absent.</summary>
        private bool? Bool(YamlNode node, string at)
        {
            var text = Text(node)?.Trim();
            if (bool.TryParse(text, out var value))
            {
                return value;
            }

            _notMapped.Add($"{at}: {text} — not true or false; Gatus's default is kept");
            return null;
        }
    }

    /// <summary>A Go duration: a sequence of decimal numbers each with a unit (ns, us, µs, ms, s, m, h); "0" alone is zero.</summary>
    private static TimeSpan? GoDuration(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var match = GoDurationText().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var ticks = 0.0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart("0123456789.".ToCharArray());
            var amount = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            ticks += amount * unit switch
            {
                "ns" => TimeSpan.TicksPerMillisecond / 1_000_000.0,
                "us" or "µs" => TimeSpan.TicksPerMillisecond / 1_000.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        return ticks > TimeSpan.MaxValue.Ticks ? null : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// A scalar's text with Gatus's environment references as <c>./sentinel apply</c> reads them: <c>${NAME}</c> as
    /// written, <c>$NAME</c> as <c>${NAME}</c>, and Gatus's escaped <c>$$</c> as one <c>$</c> (<c>$${</c> stays, apply's
    /// own escape for a literal <c>${</c>).
    /// </summary>
    private static string? Text(YamlNode? node) => node is YamlScalarNode scalar && scalar.Value is { } value
        ? EnvReference().Replace(value, m => m.Value switch
        {
            "$${" => "$${",
            "$$" => "$",
            var bare when bare.StartsWith("${", StringComparison.Ordinal) => bare,
            var bare => "${" + bare[1..] + "}",
        })
        : null;

    private static YamlNode? Get(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    private static IEnumerable<string> Keys(YamlMappingNode mapping) => mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    private static IEnumerable<(string Key, string Value)> Pairs(YamlMappingNode mapping) =>
        mapping.Children.Select(p => (((YamlScalarNode)p.Key).Value ?? "", Text(p.Value) ?? ""));

    /// <summary><paramref name="node"/> as a mapping, or an <see cref="ImportException"/>: Gatus itself would not start with it.</summary>
    private static YamlMappingNode Mapping(YamlNode node, string at) => node as YamlMappingNode
        ?? throw new ImportException($"Not a Gatus configuration: {at} (line {node.Start.Line}) must be a mapping of settings.");

    private static IReadOnlyList<YamlNode> Sequence(YamlNode? node, string at) => node switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children.ToList(),
        _ => throw new ImportException($"Not a Gatus configuration: {at} (line {node.Start.Line}) must be a list."),
    };

    /// <summary>A short account of a value left out: a scalar as written, a mapping by its keys, a list by its length.</summary>
    private static string Describe(string key, YamlNode value) => value switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlMappingNode mapping => string.Join(", ", Keys(mapping)),
        YamlSequenceNode sequence => $"{sequence.Children.Count} {(key == "suites" ? "suite" : "item")}{(sequence.Children.Count == 1 ? "" : "s")}",
        _ => "",
    };


    [GeneratedRegex(@"^(?<part>[0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex GoDurationText();

    [GeneratedRegex(@"\$\$\{|\$\$|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\[(LOCAL_ADDRESS|RANDOM_STRING_\d+)\]")]
    private static partial Regex DynamicBodyPlaceholder();

    [GeneratedRegex(@"^\[BODY\]\.status\s*==\s*SERVING$", RegexOptions.IgnoreCase)]
    private static partial Regex GrpcServing();

    [GeneratedRegex(@"\[BODY\]", RegexOptions.IgnoreCase)]
    private static partial Regex DnsBody();

    [GeneratedRegex("[^a-z0-9_.:/-]+")]
    private static partial Regex TagUnfit();

    [GeneratedRegex(@"^([0-9]{1,2}):([0-9]{2})$")]
    private static partial Regex StartTime();
}
