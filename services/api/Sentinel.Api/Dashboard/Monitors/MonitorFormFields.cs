using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Checks.Kinds;
using Sentinel.Conditions;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Dashboard.Monitors;

/// <summary>
/// The monitor form's fields, read from the check kinds themselves (<see cref="CheckKinds"/>, each spec's JSON contract
/// in <see cref="CheckSpecJson"/>), so a new kind or option gets its input without a change here; this class adds
/// only labels and hints. It turns the form's values into the document the api takes, and a document the api shows
/// into the form's values.
/// </summary>
public static class MonitorFormFields
{
    public const string ConditionsField = "conditions";
    public const string ChannelsField = "channelIds";
    public const string EscalationPolicyField = "escalationPolicyId";
    public const string DependsOnField = "dependsOn";
    public const string RegionsField = "regions";
    public const string QuorumField = "quorum";
    public const string DegradedAboveField = "degradedAboveMs";

    /// <summary>Drawn in the form's regions fieldset, beside the regions' checkboxes; only for checks the checkers run.</summary>
    public static readonly FormField QuorumInput = new(QuorumField, "Quorum", FieldInput.Number,
        "How many of the ticked regions must fail for the monitor to be down; fewer failing make it degraded. Empty for a majority.");

    /// <summary>The lists of checkboxes: the monitor's channels and the monitors it depends on.</summary>
    private static readonly string[] Lists = [ChannelsField, DependsOnField];

    /// <summary>Labels and hints of the spec fields that have better ones than their names; the rest are labelled by name.</summary>
    private static readonly Dictionary<string, (string Label, string? Hint)> Presentation = new()
    {
        ["url"] = ("URL", null),
        ["timeoutSeconds"] = ("Timeout (seconds)", $"How long one attempt may take; {ProbeCheck.DefaultTimeoutSeconds} by default, or the interval when shorter."),
        ["retries"] = ("Retries", $"Extra attempts after a failed one, {ProbeCheck.RetryDelaySeconds} s apart, before the check counts as down: 0 to {ProbeCheck.MaxRetries}."),
        ["method"] = ("Method", null),
        ["headers"] = ("Headers", "One a line, as Name: value."),
        ["body"] = ("Request body", $"Sent as UTF-8; at most {HttpCheck.MaxBodyBytes / 1024} KiB."),
        ["contentType"] = ("Content type", $"Of the body; {HttpCheck.DefaultContentType} when left empty."),
        ["basicAuth.username"] = ("Basic auth user name", "With the password below, sent as HTTP basic authentication."),
        ["basicAuth.password"] = ("Basic auth password", null),
        ["bearerToken"] = ("Bearer token", "Sent as Authorization: Bearer; not together with basic auth."),
        ["followRedirects"] = ("Follow redirects", "Up to 5; when off, the 3xx answer is the result."),
        ["verifyTls"] = ("Verify the TLS certificate", null),
        ["expectedStatusCodes"] = ("Expected status codes", "Comma-separated, e.g. 200, 204; empty means any 2xx. Not used with conditions, which decide alone."),
        ["query"] = ("Query", $"One SELECT (or WITH … SELECT), run read-only; {PostgresCheck.DefaultQuery} when empty. The first column of its first row is [RESULT]."),
        ["graceSeconds"] = ("Grace (seconds)", "How late a ping may be past its period before it counts as missed."),
    };

    private static readonly HashSet<string> Multiline = ["body", "query"];

    /// <summary>
    /// The monitor's own fields, the same for every kind; channels and the monitors it depends on are lists of
    /// checkboxes and the escalation policy a select of the policies, which the form draws from the database.
    /// </summary>
    public static IReadOnlyList<FormField> MonitorFields(CheckKind kind) =>
    [
        new("name", "Name", FieldInput.Text),
        new("intervalSeconds", "Interval (seconds)", FieldInput.Number, kind.Probed
            ? $"How often it is checked: 1 to {CheckContext.MaxIntervalSeconds}."
            : $"The period within which a ping is expected: 1 to {CheckContext.MaxIntervalSeconds}."),
        new("failureThreshold", "Failure threshold", FieldInput.Number, "Failed checks in a row before the monitor is down."),
        new("successThreshold", "Success threshold", FieldInput.Number, "Passed checks in a row before a down monitor is up again."),
        .. kind.Probed
            ? [new FormField(DegradedAboveField, "Degraded above (ms)", FieldInput.Number, "A check that passes slower than this makes the monitor degraded, not down; empty for never.")]
            : Array.Empty<FormField>(),
        new("tags", "Tags", FieldInput.CommaList, "Comma-separated; letters, digits and - _ . : /"),
        new("reminderIntervalMinutes", "Reminder (minutes)", FieldInput.Number, "While down, alert again this often; empty for no reminders."),
        new("sendOnResolved", "Alert when it recovers", FieldInput.Checkbox),
        new("flappingChanges", "Flapping after (changes)", FieldInput.Number,
            "More changes than this within the flapping minutes give one \"flapping\" alert instead of one per change; 0 for never."),
        new("flappingMinutes", "Flapping minutes", FieldInput.Number, "The window changes are counted in, and how long without a change settles it."),
        new("enabled", "Enabled", FieldInput.Checkbox, "A paused monitor is not checked."),
        new("public", "Public (badges)", FieldInput.Checkbox,
            "Serves its status and uptime as badges at an unguessable address; the badges show no name unless asked for one."),
    ];

    /// <summary>The fields of <paramref name="kind"/>'s check spec, in the order the api writes them, without the conditions.</summary>
    public static IReadOnlyList<FormField> CheckFields(CheckKind kind) =>
        FieldsOf(kind.SpecType, "").Where(f => f.Name != ConditionsField).Select(f => f.Name == "url" ? f with { Hint = UrlHint(kind) } : f).ToList();

    /// <summary>Whether checks of <paramref name="kind"/> take conditions.</summary>
    public static bool TakesConditions(CheckKind kind) => CheckSpecJson.Fields(kind).Contains(ConditionsField);

    /// <summary>
    /// The placeholders conditions of <paramref name="kind"/> may use, as written (<c>[STATUS]</c>), those that only
    /// some of its URL schemes observe with them named: <c>[CERTIFICATE_EXPIRATION] (https:// only)</c>.
    /// </summary>
    public static IReadOnlyList<string> Placeholders(CheckKind kind)
    {
        if (!kind.Probed)
        {
            return [];
        }

        var probe = (ProbeCheck)Activator.CreateInstance(kind.SpecType)!;
        var observed = kind.Schemes.SelectMany(s => probe.Observes(s).Select(p => (Scheme: s, Placeholder: p))).ToList();
        return observed.Select(o => o.Placeholder).Distinct().Select(p =>
        {
            var schemes = observed.Where(o => o.Placeholder == p).Select(o => o.Scheme).ToList();
            var written = Sentinel.Conditions.Placeholders.Written(p);
            return schemes.Count == kind.Schemes.Count ? written : $"{written} ({string.Join(", ", schemes.Select(s => s + "://"))} only)";
        }).ToList();
    }

    /// <summary>Every input name of the form for <paramref name="kind"/>, to place the api's errors.</summary>
    public static IReadOnlyCollection<string> InputNames(CheckKind kind) =>
        MonitorFields(kind).Concat(CheckFields(kind)).Concat(RegionFields(kind)).Select(f => f.Name)
            .Concat(TakesConditions(kind) ? [ConditionsField] : []).Concat(Lists).Append(EscalationPolicyField).Append(RegionsField).ToHashSet();

    /// <summary>The quorum, for checks the checkers run; a heartbeat is pinged from outside and has no regions.</summary>
    private static IEnumerable<FormField> RegionFields(CheckKind kind) => kind.Probed ? [QuorumInput] : [];

    /// <summary>
    /// A new monitor of <paramref name="kind"/> as the form first shows it: the api's defaults, those of its spec
    /// (<c>GET</c>, <c>followRedirects</c>…) and of its own fields.
    /// </summary>
    /// <param name="defaultRegions">The regions a monitor that names none is checked from, ticked for a check the checkers run.</param>
    public static JsonObject DefaultDocument(CheckKind kind, IReadOnlyList<string> defaultRegions)
    {
        var spec = (CheckSpec)Activator.CreateInstance(kind.SpecType)!;
        var monitor = new MonitorDefinition { Name = "", Check = spec, IntervalSeconds = MonitorValidation.DefaultIntervalSeconds, Enabled = true };
        var document = JsonSerializer.SerializeToNode(CheckSpecJson.ToElement(spec))!.AsObject();
        document["intervalSeconds"] = monitor.IntervalSeconds;
        document["enabled"] = monitor.Enabled;
        document["failureThreshold"] = monitor.FailureThreshold;
        document["successThreshold"] = monitor.SuccessThreshold;
        document["sendOnResolved"] = monitor.SendOnResolved;
        document["flappingChanges"] = monitor.FlappingChanges;
        document["flappingMinutes"] = monitor.FlappingMinutes;
        if (kind.Probed)
        {
            document[RegionsField] = new JsonArray(defaultRegions.Select(r => (JsonNode)r).ToArray());
        }

        return document;
    }

    /// <summary>
    /// <paramref name="document"/> with the stored monitor's regions, quorum and latency limit, so the form shows what
    /// it is checked from as the database holds it.
    /// </summary>
    public static JsonObject WithRegions(JsonObject document, MonitorDefinition monitor)
    {
        if (monitor.Check.Kind.Probed)
        {
            document[RegionsField] = new JsonArray(monitor.Regions.Select(r => (JsonNode)r).ToArray());
            document[QuorumField] = monitor.Quorum;
            document[DegradedAboveField] = monitor.DegradedAboveMs;
        }

        return document;
    }

    /// <summary>The form's values of <paramref name="document"/> (as the api shows a monitor: secrets masked).</summary>
    public static FormValues Values(CheckKind kind, JsonObject document)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in MonitorFields(kind).Concat(CheckFields(kind)).Concat(RegionFields(kind)).Append(ConditionsInput))
        {
            if (Find(document, field.Name) is { } node && Show(field, node) is { } shown)
            {
                values[field.Name] = shown;
            }
        }

        if ((string?)document[EscalationPolicyField] is { } policy)
        {
            values[EscalationPolicyField] = policy;
        }

        var regions = (document[RegionsField] as JsonArray ?? []).Select(r => FormValues.Tick(RegionsField, (string)r!));
        return new FormValues(values, Lists.SelectMany(list => FormValues.Ticks(document[list], list)).Concat(regions).ToHashSet());
    }

    /// <summary>The form's values as posted.</summary>
    public static FormValues Posted(CheckKind kind, IFormCollection form)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in MonitorFields(kind).Concat(CheckFields(kind)).Concat(RegionFields(kind)).Append(ConditionsInput))
        {
            if (form.TryGetValue(field.Name, out var posted))
            {
                values[field.Name] = field.Input == FieldInput.Checkbox ? "true" : posted.ToString();
            }
        }

        values[EscalationPolicyField] = form[EscalationPolicyField].ToString();
        // What is not a region's name is no box of the form's.
        var regions = form[RegionsField].OfType<string>().Where(RegionNames.IsValid).Select(r => FormValues.Tick(RegionsField, r));
        return new FormValues(values, Lists.SelectMany(list => FormValues.Ticks(form, list)).Concat(regions).ToHashSet());
    }

    /// <summary>
    /// The document the api takes, built from <paramref name="values"/>: empty inputs are left out (the api's default
    /// applies), and what is not a number where one is expected is sent as typed, for the api to name.
    /// </summary>
    public static JsonObject Document(CheckKind kind, FormValues values)
    {
        var document = new JsonObject { [CheckSpecJson.KindField] = kind.Name };
        foreach (var field in MonitorFields(kind).Concat(CheckFields(kind)).Concat(RegionFields(kind)).Concat(TakesConditions(kind) ? [ConditionsInput] : []))
        {
            values.Fields.TryGetValue(field.Name, out var value);
            if (Read(field, value) is { } node)
            {
                Place(document, field.Name, node);
            }
        }

        foreach (var list in Lists)
        {
            document[list] = values.TickedIds(list);
        }

        // None ticked (or the form had no regions to choose from): the api's default set.
        if (kind.Probed && values.TickedIds(RegionsField) is { Count: > 0 } regions)
        {
            document[RegionsField] = regions;
        }

        // None chosen: the monitor uses the first policy its tags name, if any.
        if (values.Text(EscalationPolicyField).Trim() is { Length: > 0 } policy)
        {
            document[EscalationPolicyField] = policy;
        }

        return document;
    }

    private static readonly FormField ConditionsInput = new(ConditionsField, "Conditions", FieldInput.Lines);

    private static string UrlHint(CheckKind kind) =>
        $"Starts with {string.Join(" or ", kind.Schemes.Select(s => s + "://"))}, for example {kind.Example}.";

    private static IEnumerable<FormField> FieldsOf(Type type, string prefix)
    {
        foreach (var property in CheckSpecJson.Options.GetTypeInfo(type).Properties.OrderBy(p => p.Order))
        {
            var name = prefix + property.Name;
            var (label, hint) = Presentation.TryGetValue(name, out var shown) ? shown : (Labelled(property.Name), null);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var allowed = property.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).Cast<AllowedValuesAttribute>().FirstOrDefault();
            var field = propertyType switch
            {
                _ when allowed is not null => new FormField(name, label, FieldInput.Select, hint, allowed.Values.Select(v => $"{v}").ToList()),
                _ when propertyType == typeof(string) => new FormField(name, label, Multiline.Contains(name) ? FieldInput.TextArea : FieldInput.Text, hint),
                _ when propertyType == typeof(int) => new FormField(name, label, FieldInput.Number, hint),
                _ when propertyType == typeof(bool) => new FormField(name, label, FieldInput.Checkbox, hint),
                _ when propertyType == typeof(IReadOnlyList<int>) => new FormField(name, label, FieldInput.CommaList, hint, Numbers: true),
                _ when propertyType == typeof(IReadOnlyList<string>) => new FormField(name, label, FieldInput.Lines, hint),
                _ when propertyType == typeof(IReadOnlyDictionary<string, string>) => new FormField(name, label, FieldInput.Pairs, hint),
                _ when property.PropertyType.IsClass && CheckSpecJson.Options.GetTypeInfo(propertyType).Kind == JsonTypeInfoKind.Object => null,
                _ => new FormField(name, label, FieldInput.Text, hint),
            };
            if (field is not null)
            {
                yield return field;
            }
            else
            {
                // An object of options (basicAuth): an input for each of its fields.
                foreach (var nested in FieldsOf(propertyType, name + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary><c>followRedirects</c> as "Follow redirects": for a field added later without a label of its own.</summary>
    private static string Labelled(string name) =>
        string.Concat(name.Select((c, i) => i == 0 ? char.ToUpperInvariant(c).ToString() : char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static JsonNode? Find(JsonObject document, string path)
    {
        JsonNode? node = document;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    private static void Place(JsonObject document, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var parent = document;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
        }

        parent[parts[^1]] = value;
    }

    /// <summary>A field's value in a document the api shows, as its input holds it (also for the other forms' fields).</summary>
    internal static string? Show(FormField field, JsonNode node) => field.Input switch
    {
        FieldInput.Checkbox => node.GetValueKind() == JsonValueKind.True ? "true" : null,
        FieldInput.CommaList => string.Join(", ", node.AsArray().Select(Text)),
        FieldInput.Lines => string.Join("\n", node.AsArray().Select(Text)),
        FieldInput.Pairs => string.Join("\n", node.AsObject().Select(p => $"{p.Key}: {Text(p.Value)}")),
        _ => Text(node),
    };

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString() ?? "";

    /// <summary>What an input holds, as the api takes the field: null when empty (also for the other forms' fields).</summary>
    internal static JsonNode? Read(FormField field, string? value)
    {
        if (field.Input == FieldInput.Checkbox)
        {
            return value == "true";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return field.Input switch
        {
            FieldInput.Number => Number(value.Trim()),
            FieldInput.CommaList => new JsonArray(Split(value, ',').Select(item => field.Numbers ? Number(item) : item).ToArray()),
            FieldInput.Lines => new JsonArray(Split(value, '\n').Select(line => (JsonNode)line).ToArray()),
            FieldInput.Pairs => new JsonObject(Split(value, '\n').Select(line => line.IndexOf(':') is var colon and > 0
                ? KeyValuePair.Create(line[..colon].Trim(), (JsonNode?)line[(colon + 1)..].Trim())
                : KeyValuePair.Create(line, (JsonNode?)""))),
            // Text as typed: a secret or a body may mean its spaces.
            _ => value,
        };
    }

    private static IEnumerable<string> Split(string value, char separator) =>
        value.Split(separator).Select(item => item.Trim()).Where(item => item.Length > 0);

    private static JsonNode Number(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : text;
}
