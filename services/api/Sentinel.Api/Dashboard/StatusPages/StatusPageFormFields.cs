using System.Text.Json.Nodes;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Api.StatusPages;

namespace Sentinel.Api.Dashboard.StatusPages;

/// <summary>
/// The status page form, which works without JavaScript: the page's own fields as inputs, and each group as a name and
/// a text area of one <c>monitor = Public name</c> a line (the monitor by its name, or by its id where names clash),
/// with one empty group more to add one. It turns those into the document the api takes, and the api's errors about a
/// group's monitors back onto that group's text area, saying which line.
/// </summary>
public static class StatusPageFormFields
{
    public const string PasswordField = "password";

    /// <summary>What separates a monitor from the name the page shows it under, on a line of a group.</summary>
    public const char Separator = '=';

    /// <summary>What the page says, shown above its groups.</summary>
    public static IReadOnlyList<FormField> About { get; } =
    [
        new("title", "Title", FieldInput.Text),
        new("slug", "Slug", FieldInput.Text, "The page's address, /status/{slug}: lower-case letters, digits and hyphens."),
        new("description", "Description", FieldInput.TextArea),
    ];

    /// <summary>How it looks and who may read it, shown below its groups (the password beside them is an input of its own).</summary>
    public static IReadOnlyList<FormField> LookAndAccess { get; } =
    [
        new("logoUrl", "Logo URL", FieldInput.Text, "An https:// image shown beside the title; optional."),
        new("customDomain", "Custom domain", FieldInput.Text, "A host name such as status.example.com whose requests get this page; optional."),
        new("showTargets", "Show targets", FieldInput.Checkbox, "Show each monitor's URL or host beside its public name."),
        new("showErrors", "Show errors", FieldInput.Checkbox, "Show why a monitor that is down is failing."),
        new("visibility", "Visibility", FieldInput.Select,
            "public: anyone; password: anyone with the password below; users: people logged in to this dashboard.", StatusPageValidation.Visibilities),
    ];

    public static IReadOnlyList<FormField> Fields { get; } = [.. About, .. LookAndAccess];

    public static string GroupName(int slot) => $"groups[{slot}].name";

    public static string GroupMonitors(int slot) => $"groups[{slot}].monitors";

    /// <summary>Every input name of a form of <paramref name="slots"/> groups, to place the api's errors.</summary>
    public static IReadOnlyCollection<string> InputNames(int slots) =>
        Fields.Select(f => f.Name).Append(PasswordField)
            .Concat(Enumerable.Range(0, slots).SelectMany(i => new[] { GroupName(i), GroupMonitors(i) })).ToHashSet();

    /// <summary>The form's values of a page as the api shows it, with one empty group more.</summary>
    public static FormValues Values(JsonObject shown, IReadOnlyList<MonitorChoice> monitors)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields)
        {
            var node = shown[field.Name];
            var text = field.Input == FieldInput.Checkbox ? node is not null && (bool)node ? "true" : null : (string?)node;
            if (text is not null)
            {
                values[field.Name] = text;
            }
        }

        var groups = shown["groups"]?.AsArray() ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            values[GroupName(i)] = (string?)groups[i]!["name"] ?? "";
            values[GroupMonitors(i)] = string.Join("\n", (groups[i]!["monitors"]?.AsArray() ?? []).Select(m =>
                $"{Reference(Guid.Parse((string)m!["monitorId"]!), monitors)} {Separator} {(string?)m["displayName"]}"));
        }

        return new FormValues(values, new HashSet<string>());
    }

    /// <summary>How many groups <paramref name="values"/> hold, the empty one to add included.</summary>
    public static int Slots(FormValues values)
    {
        var filled = 0;
        while (values.Fields.ContainsKey(GroupName(filled)) || values.Fields.ContainsKey(GroupMonitors(filled)))
        {
            filled++;
        }

        return filled > 0 && values.Text(GroupName(filled - 1)).Trim().Length == 0 && values.Text(GroupMonitors(filled - 1)).Trim().Length == 0
            ? filled
            : filled + 1;
    }

    /// <summary>The form's values as posted.</summary>
    public static FormValues Posted(IFormCollection form)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields)
        {
            if (form.TryGetValue(field.Name, out var posted))
            {
                values[field.Name] = field.Input == FieldInput.Checkbox ? "true" : posted.ToString();
            }
        }

        for (var i = 0; form.ContainsKey(GroupName(i)) || form.ContainsKey(GroupMonitors(i)); i++)
        {
            values[GroupName(i)] = form[GroupName(i)].ToString();
            values[GroupMonitors(i)] = form[GroupMonitors(i)].ToString();
        }

        return new FormValues(values, new HashSet<string>());
    }

    /// <summary>
    /// The document the api takes, built from <paramref name="values"/> (a group left wholly empty is dropped), and how
    /// to read the api's answer about it back onto the form (<see cref="TypedGroups.ErrorsOnForm"/>).
    /// </summary>
    public static TypedGroups Document(FormValues values, IReadOnlyList<MonitorChoice> monitors)
    {
        var document = new JsonObject();
        foreach (var field in Fields)
        {
            var text = values.Text(field.Name).Trim();
            if (field.Input == FieldInput.Checkbox)
            {
                document[field.Name] = values.Checked(field.Name);
            }
            else if (text.Length > 0)
            {
                document[field.Name] = text;
            }
        }

        var password = values.Text(PasswordField);
        if (password.Length > 0)
        {
            document[PasswordField] = password;
        }

        var groups = new JsonArray();
        var slots = new List<int>();
        var lines = new Dictionary<(int Group, int Monitor), int>();
        var unresolved = new Dictionary<string, string[]>();
        for (var slot = 0; values.Fields.ContainsKey(GroupName(slot)) || values.Fields.ContainsKey(GroupMonitors(slot)); slot++)
        {
            var name = values.Text(GroupName(slot)).Trim();
            var typed = values.Text(GroupMonitors(slot)).Split('\n');
            if (name.Length == 0 && typed.All(l => l.Trim().Length == 0))
            {
                continue;
            }

            var group = groups.Count;
            var listed = new JsonArray();
            foreach (var (line, number) in typed.Select((l, n) => (Text: l.Trim(), Number: n + 1)).Where(l => l.Text.Length > 0))
            {
                var at = line.IndexOf(Separator);
                var reference = (at < 0 ? line : line[..at]).Trim();
                var matches = Resolve(reference, monitors);
                var displayName = at < 0 ? matches.Count == 1 ? matches[0].Name : reference : line[(at + 1)..].Trim();
                lines[(group, listed.Count)] = number;
                if (matches.Count != 1)
                {
                    unresolved[$"groups[{slot}].monitors[{listed.Count}].monitorId"] = [matches.Count == 0
                        ? $"Line {number}: no monitor is named '{reference}'."
                        : $"Line {number}: {matches.Count} monitors are named '{reference}'; write the id of the one you mean."];
                }

                listed.Add(new JsonObject { ["monitorId"] = matches.Count == 1 ? matches[0].Id : Guid.Empty, ["displayName"] = displayName });
            }

            groups.Add(new JsonObject { ["name"] = name, ["monitors"] = listed });
            slots.Add(slot);
        }

        document["groups"] = groups;
        return new TypedGroups(document, slots, lines, unresolved);
    }

    /// <summary>A monitor by its id or its exact name (several when the name is not unique).</summary>
    private static IReadOnlyList<MonitorChoice> Resolve(string reference, IReadOnlyList<MonitorChoice> monitors) =>
        Guid.TryParse(reference, out var id) ? monitors.Where(m => m.Id == id).ToList() : monitors.Where(m => m.Name == reference).ToList();

    /// <summary>A monitor as a line names it: by its name, unless another monitor has that name too (or the monitor is gone).</summary>
    private static string Reference(Guid id, IReadOnlyList<MonitorChoice> monitors) =>
        monitors.FirstOrDefault(m => m.Id == id) is { } monitor && monitors.Count(m => m.Name == monitor.Name) == 1 && !monitor.Name.Contains(Separator)
            ? monitor.Name
            : id.ToString();
}

/// <summary>A monitor a page may list.</summary>
public sealed record MonitorChoice(Guid Id, string Name);

/// <summary>
/// The document built from the form, and where in the form each of its groups and monitors came from: the slot of
/// each group (<see cref="Slots"/>), the line of each monitor, and the lines that named no single monitor.
/// </summary>
public sealed record TypedGroups(
    JsonObject Document, IReadOnlyList<int> Slots, IReadOnlyDictionary<(int Group, int Monitor), int> Lines, IReadOnlyDictionary<string, string[]> Unresolved)
{
    /// <summary>
    /// The api's errors keyed by the form's inputs: a group's errors on its slot, a monitor's prefixed with its line,
    /// and the form's own word on a line that named no single monitor instead of the api's about the placeholder id.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> ErrorsOnForm(IReadOnlyDictionary<string, string[]> apiErrors)
    {
        var placed = new Dictionary<string, string[]>();
        foreach (var (key, messages) in apiErrors)
        {
            var match = System.Text.RegularExpressions.Regex.Match(key, @"^groups\[(\d+)\](\.monitors\[(\d+)\])?(.*)$");
            var group = match.Success ? int.Parse(match.Groups[1].Value) : -1;
            if (group < 0 || group >= Slots.Count)
            {
                placed[key] = messages;
                continue;
            }

            var onForm = $"groups[{Slots[group]}]{match.Groups[2].Value}{match.Groups[4].Value}";
            placed[onForm] = match.Groups[3].Success && Lines.TryGetValue((group, int.Parse(match.Groups[3].Value)), out var line)
                ? messages.Select(m => $"Line {line}: {m}").ToArray()
                : messages;
        }

        foreach (var (key, messages) in Unresolved)
        {
            placed[key] = messages;
        }

        return placed;
    }
}
