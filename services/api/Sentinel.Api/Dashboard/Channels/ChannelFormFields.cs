using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Api.Dashboard.Monitors;
using Sentinel.Channels;

namespace Sentinel.Api.Dashboard.Channels;

/// <summary>
/// The channel form: its inputs for each kind, read from the kind's settings (<see cref="ChannelKinds"/>, labels and
/// hints from their <see cref="DisplayAttribute"/>s), so a new kind gets its form without a change here; the document
/// the api takes built from them, and a document the api shows (secrets masked) turned back into them.
/// </summary>
public static class ChannelFormFields
{
    public const string DefaultField = "default";
    public const string NotifyDegradedField = "notifyDegraded";
    private const string ConfigPrefix = "config.";

    public static IReadOnlyList<FormField> Fields(ChannelKind kind) =>
    [
        new("name", "Name", FieldInput.Text),
        .. ConfigFields(kind),
        new(DefaultField, "Default channel", FieldInput.Checkbox, "Gets the alerts of every monitor, on top of each monitor's own channels."),
        new(NotifyDegradedField, "Also notify when a monitor is degraded", FieldInput.Checkbox,
            "Degraded: slower than its limit, or failing from fewer regions than its quorum. Off, this channel sees a degraded monitor as up."),
    ];

    public static IReadOnlyCollection<string> InputNames(ChannelKind kind) => Fields(kind).Select(f => f.Name).Append("config").ToHashSet();

    public static FormValues Values(ChannelKind kind, JsonObject document)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields(kind))
        {
            var node = field.Name.StartsWith(ConfigPrefix, StringComparison.Ordinal)
                ? (document["config"] as JsonObject)?[field.Name[ConfigPrefix.Length..]]
                : document[field.Name];
            if (node is not null && MonitorFormFields.Show(field, node) is { } shown)
            {
                values[field.Name] = shown;
            }
        }

        return new FormValues(values, new HashSet<string>());
    }

    public static FormValues Posted(ChannelKind kind, IFormCollection form) => new(
        Fields(kind).Where(f => form.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => f.Input == FieldInput.Checkbox ? "true" : form[f.Name].ToString()),
        new HashSet<string>());

    /// <summary>The document the api takes; an empty input is left out, so the api says what is missing.</summary>
    public static JsonObject Document(ChannelKind kind, FormValues values)
    {
        var config = new JsonObject();
        foreach (var field in ConfigFields(kind))
        {
            values.Fields.TryGetValue(field.Name, out var text);
            // Recipients may be typed comma-separated too.
            var typed = field.Input == FieldInput.Lines ? text?.Replace(',', '\n') : text;
            if (MonitorFormFields.Read(field, typed) is { } node)
            {
                config[field.Name[ConfigPrefix.Length..]] = node;
            }
        }

        return new JsonObject { ["name"] = values.Text("name").Trim(), ["type"] = kind.Name, ["config"] = config, [DefaultField] = values.Checked(DefaultField),
            [NotifyDegradedField] = values.Checked(NotifyDegradedField),
        };
    }

    private static IEnumerable<FormField> ConfigFields(ChannelKind kind)
    {
        foreach (var property in ChannelSettingsJson.Options.GetTypeInfo(kind.SettingsType).Properties.OrderBy(p => p.Order))
        {
            var display = property.AttributeProvider?.GetCustomAttributes(typeof(DisplayAttribute), true).Cast<DisplayAttribute>().FirstOrDefault();
            var allowed = property.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).Cast<AllowedValuesAttribute>().FirstOrDefault();
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var (name, label, hint) = (ConfigPrefix + property.Name, display?.Name ?? property.Name, display?.Description);
            yield return type switch
            {
                _ when allowed is not null => new FormField(name, label, FieldInput.Select, hint, allowed.Values.Select(v => $"{v}").ToList()),
                _ when type == typeof(bool) => new FormField(name, label, FieldInput.Checkbox, hint),
                _ when type == typeof(int) => new FormField(name, label, FieldInput.Number, hint),
                _ when type == typeof(IReadOnlyList<string>) => new FormField(name, label, FieldInput.Lines, hint),
                _ => new FormField(name, label, FieldInput.Text, hint),
            };
        }
    }
}
