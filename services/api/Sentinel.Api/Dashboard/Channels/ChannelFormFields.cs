using System.Text.Json.Nodes;
using Sentinel.Api.Channels;
using Sentinel.Api.Dashboard.Forms;

namespace Sentinel.Api.Dashboard.Channels;

/// <summary>
/// The channel form: its inputs for each type (<see cref="ChannelValidation.Types"/>), the document the api takes built
/// from them, and a document the api shows (URLs masked) turned back into them.
/// </summary>
public static class ChannelFormFields
{
    public const string DefaultField = "default";

    /// <summary>
    /// Each type's one config field, as <see cref="ChannelValidation.Apply"/> requires it; a type missing here still gets
    /// a form, and the api's error names the field it wants.
    /// </summary>
    private static readonly Dictionary<string, FormField> ConfigFields = new()
    {
        ["slack"] = new("config.webhookUrl", "Webhook URL", FieldInput.Text, "A Slack incoming webhook: https://hooks.slack.com/services/…"),
        ["discord"] = new("config.webhookUrl", "Webhook URL", FieldInput.Text, "A Discord channel webhook: https://discord.com/api/webhooks/…"),
        ["webhook"] = new("config.url", "URL", FieldInput.Text, "Sentinel POSTs each notice to it as JSON."),
        ["email"] = new("config.to", "Recipients", FieldInput.Lines,
            $"One address a line (or comma-separated), 1 to {ChannelValidation.MaxRecipients}; sent through the alerter's mail server."),
    };

    public static IReadOnlyList<FormField> Fields(string type) =>
    [
        new("name", "Name", FieldInput.Text),
        .. ConfigFields.TryGetValue(type, out var config) ? [config] : Array.Empty<FormField>(),
        new(DefaultField, "Default channel", FieldInput.Checkbox, "Gets the alerts of every monitor, on top of each monitor's own channels."),
    ];

    public static IReadOnlyCollection<string> InputNames(string type) => Fields(type).Select(f => f.Name).ToHashSet();

    public static FormValues Values(string type, JsonObject document)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields(type))
        {
            var node = field.Name.Split('.').Aggregate((JsonNode?)document, (parent, part) => parent is JsonObject o ? o[part] : null);
            var text = node switch
            {
                null => null,
                JsonArray list => string.Join("\n", list.Select(i => (string?)i)),
                _ when field.Input == FieldInput.Checkbox => (bool)node ? "true" : null,
                _ => (string?)node,
            };
            if (text is not null)
            {
                values[field.Name] = text;
            }
        }

        return new FormValues(values, new HashSet<string>());
    }

    public static FormValues Posted(string type, IFormCollection form) => new(
        Fields(type).Where(f => form.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => f.Input == FieldInput.Checkbox ? "true" : form[f.Name].ToString()),
        new HashSet<string>());

    /// <summary>The document the api takes; an empty input is left out, so the api says what is missing.</summary>
    public static JsonObject Document(string type, FormValues values)
    {
        var config = new JsonObject();
        var document = new JsonObject { ["name"] = values.Text("name").Trim(), ["type"] = type, ["config"] = config, [DefaultField] = values.Checked(DefaultField) };
        if (ConfigFields.TryGetValue(type, out var field) && values.Text(field.Name).Trim() is { Length: > 0 } text)
        {
            var name = field.Name["config.".Length..];
            config[name] = field.Input == FieldInput.Lines
                ? new JsonArray(text.Split(['\n', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode)a).ToArray())
                : text;
        }

        return document;
    }
}
