using Sentinel.Data;

namespace Sentinel.Api.Incidents;

/// <summary>The rules of an incident's fields and of an update, with their messages; that its monitors exist is asked by <see cref="IncidentWrites"/>.</summary>
public static class IncidentValidation
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 5000;
    public const int MaxMonitors = 500;

    public static readonly string[] Impacts = Enum.GetValues<IncidentImpact>().Select(IncidentReportResponse.Name).ToArray();

    public static readonly string[] Statuses = Enum.GetValues<IncidentStatus>().Select(IncidentReportResponse.Name).ToArray();

    /// <summary>Validates what an incident is about onto <paramref name="incident"/>, which changes only when all holds.</summary>
    public static Dictionary<string, string[]> Apply(string? title, string? impact, IReadOnlyList<Guid>? monitorIds, Incident incident)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxTitleLength)
        {
            errors["title"] = [$"A title of 1 to {MaxTitleLength} characters is required."];
        }

        var level = Enum.GetValues<IncidentImpact>().Where(i => IncidentReportResponse.Name(i) == impact).Cast<IncidentImpact?>().FirstOrDefault();
        if (level is null)
        {
            errors["impact"] = [$"Must be one of {string.Join(", ", Impacts)}."];
        }

        var ids = monitorIds ?? [];
        if (ids.Count == 0)
        {
            errors["monitorIds"] = ["At least one monitor is required: the incident is shown on the status pages that list its monitors."];
        }
        else if (ids.Count > MaxMonitors)
        {
            errors["monitorIds"] = [$"At most {MaxMonitors} monitors."];
        }

        if (errors.Count == 0)
        {
            incident.Title = trimmed!;
            incident.Impact = level!.Value;
            incident.MonitorIds = ids.Distinct().ToList();
        }

        return errors;
    }

    /// <summary>
    /// An update of <paramref name="status"/> (<paramref name="unsaid"/> when not given) saying <paramref name="message"/>,
    /// or null with the errors by field added to <paramref name="errors"/>.
    /// </summary>
    public static IncidentUpdate? Update(string? status, string? message, IncidentStatus unsaid, Dictionary<string, string[]> errors)
    {
        var state = status is null ? unsaid
            : Enum.GetValues<IncidentStatus>().Where(s => IncidentReportResponse.Name(s) == status).Cast<IncidentStatus?>().FirstOrDefault();
        if (state is null)
        {
            errors["status"] = [$"Must be one of {string.Join(", ", Statuses)}."];
        }

        var text = message?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxMessageLength)
        {
            errors["message"] = [$"A message of 1 to {MaxMessageLength} characters is required: it is what users read."];
        }

        return state is { } s && errors.Count == 0
            ? new IncidentUpdate { Id = Guid.CreateVersion7(), Status = s, Message = text!, CreatedAt = DateTime.UtcNow }
            : null;
    }

    /// <summary>Appends <paramref name="update"/> to <paramref name="incident"/>'s timeline: its status becomes the incident's.</summary>
    public static void Append(Incident incident, IncidentUpdate update)
    {
        update.IncidentId = incident.Id;
        incident.Updates.Add(update);
        incident.Status = update.Status;
        incident.UpdatedAt = update.CreatedAt;
        // Resolved when first said so (a repeated "resolved" keeps that time); any other status reopens it.
        incident.ResolvedAt = update.Status == IncidentStatus.Resolved ? incident.ResolvedAt ?? update.CreatedAt : null;
    }
}
