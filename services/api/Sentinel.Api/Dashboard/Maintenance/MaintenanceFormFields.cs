using System.Text.Json.Nodes;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Api.Dashboard.Monitors;
using Sentinel.Api.Maintenance;

namespace Sentinel.Api.Dashboard.Maintenance;

/// <summary>
/// The maintenance window form: its inputs for a one-off or a recurring window, the document the api takes built from
/// them, and a document the api shows turned back into them. Monitors and notice channels are lists of checkboxes.
/// </summary>
public static class MaintenanceFormFields
{
    public const string MonitorsField = "monitorIds";
    public const string ChannelsField = "notifyChannelIds";

    private static readonly FormField[] Common =
    [
        new("name", "Name", FieldInput.Text),
        new("description", "Description", FieldInput.TextArea, "Optional; shown in notices and on status pages."),
    ];

    private static readonly FormField[] OneOff =
    [
        new("startsAt", "Starts at (UTC)", FieldInput.Text, "ISO-8601 in UTC, such as 2026-12-24T22:00:00Z."),
        new("endsAt", "Ends at (UTC)", FieldInput.Text, "After the start; checks due from then on count and alert as usual."),
    ];

    private static readonly FormField[] Recurring =
    [
        new("cron", "Cron expression", FieldInput.Text, "When each occurrence starts: minute hour day-of-month month day-of-week, such as 0 3 * * 0 (Sundays at 03:00)."),
        new("timeZone", "Time zone", FieldInput.Text, "The IANA time zone the cron expression is read in, such as Europe/Berlin or UTC."),
        new("durationMinutes", "Duration (minutes)", FieldInput.Number, $"How long each occurrence lasts, 1 to {MaintenanceValidation.MaxDurationMinutes}."),
    ];

    private static readonly FormField[] Coverage =
    [
        new("allMonitors", "All monitors", FieldInput.Checkbox, "Covers every monitor, whatever is ticked below."),
        new("tags", "Tags", FieldInput.CommaList, "Comma-separated: covers every monitor carrying one of them."),
    ];

    public static IReadOnlyList<FormField> Fields(MaintenanceKind kind) => [.. Common, .. kind == MaintenanceKind.OneOff ? OneOff : Recurring, .. Coverage];

    /// <summary>The api field names the form has inputs for, the two lists of checkboxes included.</summary>
    public static IReadOnlyCollection<string> InputNames(MaintenanceKind kind) =>
        Fields(kind).Select(f => f.Name).Append(MonitorsField).Append(ChannelsField).ToHashSet();

    public static FormValues Values(MaintenanceKind kind, JsonObject document)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields(kind))
        {
            if (document[field.Name] is { } node && MonitorFormFields.Show(field, node) is { } text)
            {
                values[field.Name] = text;
            }
        }

        return new FormValues(values, new[] { MonitorsField, ChannelsField }.SelectMany(list => FormValues.Ticks(document[list], list)).ToHashSet());
    }

    public static FormValues Posted(MaintenanceKind kind, IFormCollection form) => new(
        Fields(kind).Where(f => form.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => f.Input == FieldInput.Checkbox ? "true" : form[f.Name].ToString()),
        new[] { MonitorsField, ChannelsField }.SelectMany(list => FormValues.Ticks(form, list)).ToHashSet());

    /// <summary>The document the api takes; an empty input is left out, so the api says what is missing.</summary>
    public static JsonObject Document(MaintenanceKind kind, FormValues values)
    {
        var document = new JsonObject();
        foreach (var field in Fields(kind))
        {
            if (MonitorFormFields.Read(field, values.Fields.GetValueOrDefault(field.Name)) is { } node)
            {
                document[field.Name] = node;
            }
        }

        foreach (var list in new[] { MonitorsField, ChannelsField })
        {
            document[list] = values.TickedIds(list);
        }

        return document;
    }
}
