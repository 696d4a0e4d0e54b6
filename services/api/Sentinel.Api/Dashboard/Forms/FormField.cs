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
}
