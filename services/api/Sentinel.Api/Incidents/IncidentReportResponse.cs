using System.Text.Json;
using Sentinel.Data;

namespace Sentinel.Api.Incidents;

/// <summary>An incident as the api shows it, its timeline newest first (named apart from the down periods of a monitor's uptime, <see cref="Monitors.IncidentResponse"/>).</summary>
public sealed record IncidentReportResponse(
    Guid Id,
    string Title,
    string Impact,
    string Status,
    IReadOnlyList<Guid> MonitorIds,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? ResolvedAt,
    IReadOnlyList<IncidentUpdateResponse> Updates)
{
    public static string Name(IncidentImpact impact) => JsonNamingPolicy.CamelCase.ConvertName(impact.ToString());

    public static string Name(IncidentStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static IncidentReportResponse From(Incident i) => new(
        i.Id, i.Title, Name(i.Impact), Name(i.Status), i.MonitorIds, i.CreatedAt, i.UpdatedAt, i.ResolvedAt,
        i.Updates.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .Select(u => new IncidentUpdateResponse(u.Id, Name(u.Status), u.Message, u.CreatedAt)).ToList());
}

public sealed record IncidentUpdateResponse(Guid Id, string Status, string Message, DateTime CreatedAt);
