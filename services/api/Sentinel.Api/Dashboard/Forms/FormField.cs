using System.Text.Json.Nodes;

namespace Sentinel.Api.Dashboard.Forms;

/// <summary>How a field of a document the api takes is typed into a form.</summary>
public enum FieldInput
{
    Text,
    TextArea,
    Number,
    Checkbox,
    Select,

    /// <summary>A list as comma-separated values (tags, status codes).</summary>
    CommaList,

    /// <summary>A list, one item a line (conditions).</summary>
    Lines,

    /// <summary>A map, one <c>name: value</c> a line (headers).</summary>
    Pairs,
}

/// <summary>One input of a form, named as the api names the field (<c>basicAuth.password</c> for a nested one).</summary>
public sealed record FormField(string Name, string Label, FieldInput Input, string? Hint = null, IReadOnlyList<string>? Options = null, bool Numbers = false)
{
    public string Id => "field-" + Name.Replace('.', '-');

    public string HintId => Id + "-hint";
}

/// <summary>What a form holds: each input's text by field name (a checked box as "true"), and the ids ticked in a list of checkboxes (a monitor's channels).</summary>
public sealed record FormValues(IReadOnlyDictionary<string, string> Fields, IReadOnlySet<string> Ticked)
{
    public string Text(string field) => Fields.TryGetValue(field, out var value) ? value : "";

    public bool Checked(string field) => Fields.TryGetValue(field, out var value) && value == "true";

    /// <summary>How a ticked box is remembered: by its list (the api's field name) and id, since a form may have several lists of ids.</summary>
    public static string Tick(string list, Guid id) => Tick(list, id.ToString());

    /// <summary>A ticked box of a list of names (a monitor's regions).</summary>
    public static string Tick(string list, string name) => $"{list}/{name}";

    /// <summary>The boxes of <paramref name="list"/> a browser posted; what is not an id is no box of the form's.</summary>
    public static IEnumerable<string> Ticks(IFormCollection form, string list) =>
        form[list].Select(id => Guid.TryParse(id, out var parsed) ? Tick(list, parsed) : null).OfType<string>();

    /// <summary>The boxes of <paramref name="list"/> a document the api shows has ticked (an array of ids).</summary>
    public static IEnumerable<string> Ticks(JsonNode? ids, string list) =>
        (ids?.AsArray() ?? []).Select(id => Tick(list, Guid.Parse((string)id!)));

    public bool IsTicked(string list, Guid id) => Ticked.Contains(Tick(list, id));

    public bool IsTicked(string list, string name) => Ticked.Contains(Tick(list, name));

    /// <summary>The ids (or names) ticked in <paramref name="list"/>, as the api takes the field.</summary>
    public JsonArray TickedIds(string list) =>
        new(Ticked.Where(t => t.StartsWith(list + "/", StringComparison.Ordinal)).Select(t => (JsonNode)t[(list.Length + 1)..]).ToArray());
}
