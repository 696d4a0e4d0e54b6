using System.Text.Json.Nodes;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Api.Incidents;

namespace Sentinel.Api.Dashboard.Incidents;

/// <summary>
/// The incident forms: what an incident is about (title, impact, monitors as checkboxes), and an update of its timeline
/// (status, message), each turned into the document the api takes.
/// </summary>
public static class IncidentFormFields
{
    public const string MonitorsField = "monitorIds";

    public static IReadOnlyList<FormField> About { get; } =
    [
        new("title", "Title", FieldInput.Text, "What users will read, such as \"Checkout is slow\"."),
        new("impact", "Impact", FieldInput.Select,
            "How badly users are hurt; on a status page, major shows a partial outage and critical a major outage.", IncidentValidation.Impacts),
    ];

    public static IReadOnlyList<FormField> Update { get; } =
    [
        new("status", "Status", FieldInput.Select, null, IncidentValidation.Statuses),
        new("message", "Message", FieldInput.TextArea, "What users will read on the timeline."),
    ];

    /// <summary>Every input name of a form with <paramref name="fields"/> (and the monitors' checkboxes when <paramref name="withMonitors"/>).</summary>
    public static IReadOnlyCollection<string> InputNames(IEnumerable<FormField> fields, bool withMonitors) =>
        fields.Select(f => f.Name).Concat(withMonitors ? [MonitorsField] : []).ToHashSet();

    public static FormValues Values(IncidentReportResponse incident) => new(
        new Dictionary<string, string> { ["title"] = incident.Title, ["impact"] = incident.Impact, ["status"] = incident.Status },
        incident.MonitorIds.Select(id => id.ToString()).ToHashSet());

    public static FormValues Posted(IFormCollection form, IEnumerable<FormField> fields) => new(
        fields.Where(f => form.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => form[f.Name].ToString()),
        form[MonitorsField].Where(v => v is not null).Select(v => v!).ToHashSet());

    /// <summary>The document the api takes from <paramref name="fields"/>; an empty input is left out, so the api says what is missing.</summary>
    public static JsonObject Document(FormValues values, IEnumerable<FormField> fields, bool withMonitors)
    {
        var document = new JsonObject();
        foreach (var field in fields)
        {
            if (values.Text(field.Name).Trim() is { Length: > 0 } text)
            {
                document[field.Name] = text;
            }
        }

        if (withMonitors)
        {
            // Sent as ticked; what is not an id reaches the api as text, for it to name.
            document[MonitorsField] = new JsonArray(values.Ticked.Select(id => (JsonNode)id).ToArray());
        }

        return document;
    }
}
