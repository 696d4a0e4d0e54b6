using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sentinel.Api.AsCode.Import;

/// <summary>
/// One object of an Uptime Kuma backup (a monitor, a notification or its config), read leniently: Kuma writes
/// flags as <c>true</c> or <c>1</c>, numbers now and then as text, and every column it has, mostly null or empty,
/// so "set" here means set to something a person chose. What cannot be carried across is noted under its
/// <see cref="Label"/> (<c>monitorList[3] (Shop API)</c>).
/// </summary>
internal sealed class UptimeKumaItem(JsonObject fields, string label, List<string> notMapped)
{
    public string Label => label;

    public JsonNode? this[string name] => fields[name];

    /// <summary>The field as text, null when absent, null or blank; numbers and flags as Kuma would print them.</summary>
    public string? Text(string name) => fields[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String =>
            value.GetValue<string>() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null,
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
            value.ToJsonString().ToLowerInvariant(),
        _ => null,
    };

    /// <summary>The field as a number, null when absent or not one.</summary>
    public double? Number(string name) =>
        double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Whether the field is on: <c>true</c>, <c>1</c> or their text.</summary>
    public bool Flag(string name) => Text(name) is "true" or "1";

    /// <summary>Notes that <paramref name="what"/> of this item is not carried across, and why.</summary>
    public void NotMapped(string what, string why) => notMapped.Add($"{label}: {what} — {why}");

    /// <summary>Notes each of <paramref name="names"/> that is set, with the same reason.</summary>
    public void NotMappedWhenSet(string why, params string[] names)
    {
        foreach (var name in names)
        {
            if (Text(name) is { } value && value != "false" && value != "0")
            {
                NotMapped($"{name} {Shown(value)}", why);
            }
        }
    }

    /// <summary>A value as a report shows it: quoted, on one line, cut when long.</summary>
    public static string Shown(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        return $"'{(line.Length > 60 ? line[..57] + "..." : line)}'";
    }
}
