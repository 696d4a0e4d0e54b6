using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Incidents;

/// <summary>
/// Every change to an incident, for the REST routes and the dashboard alike: each takes the document the api takes,
/// validates it the one way, and saves it or says what is wrong.
/// </summary>
public sealed class IncidentWrites(
    SentinelDbContext db,
    ApiDocument<IncidentReportResponse, IncidentRequest> created,
    ApiDocument<IncidentReportResponse, IncidentChangeRequest> changed,
    ApiDocument<IncidentUpdateResponse, IncidentUpdateRequest> updates)
{
    /// <summary>Opens the incident <paramref name="document"/> describes, with its first update.</summary>
    public async Task<Outcome<IncidentReportResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var (request, unreadable) = created.Read(document);
        if (unreadable is not null)
        {
            return Outcome<IncidentReportResponse>.Invalid(unreadable);
        }

        var now = DateTime.UtcNow;
        var incident = new Incident { Id = Guid.CreateVersion7(), Title = "", CreatedAt = now, UpdatedAt = now };
        var errors = IncidentValidation.Apply(request!.Title, request.Impact, request.MonitorIds, incident);
        var first = IncidentValidation.Update(request.Status, request.Message, IncidentStatus.Investigating, errors);
        await RequireMonitorsAsync(request.MonitorIds, errors, ct);
        if (errors.Count > 0)
        {
            return Outcome<IncidentReportResponse>.Invalid(errors);
        }

        first!.CreatedAt = now;
        IncidentValidation.Append(incident, first);
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(ct);
        return Outcome<IncidentReportResponse>.Done(IncidentReportResponse.From(incident));
    }

    /// <summary>
    /// Replaces what incident <paramref name="id"/> is about (<c>PUT</c>): its title, impact and monitors. Its status
    /// changes only by an update; sent back unchanged, as GET shows it, it is ignored.
    /// </summary>
    public async Task<Outcome<IncidentReportResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } incident ? await ReplaceAsync(incident, document, ct) : Outcome<IncidentReportResponse>.Missing();

    /// <summary>Changes incident <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows.</summary>
    public async Task<Outcome<IncidentReportResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } incident
            ? await ReplaceAsync(incident, JsonMergePatch.Apply(changed.Show(IncidentReportResponse.From(incident)), patch), ct)
            : Outcome<IncidentReportResponse>.Missing();

    /// <summary>Appends an update to incident <paramref name="id"/>'s timeline: resolving it, reopening it, or saying more.</summary>
    public async Task<Outcome<IncidentReportResponse>> AddUpdateAsync(Guid id, JsonObject document, CancellationToken ct)
    {
        if (await TrackedAsync(id, ct) is not { } incident)
        {
            return Outcome<IncidentReportResponse>.Missing();
        }

        var (request, unreadable) = updates.Read(document);
        if (unreadable is not null)
        {
            return Outcome<IncidentReportResponse>.Invalid(unreadable);
        }

        var errors = new Dictionary<string, string[]>();
        if (IncidentValidation.Update(request!.Status, request.Message, incident.Status, errors) is not { } update)
        {
            return Outcome<IncidentReportResponse>.Invalid(errors);
        }

        IncidentValidation.Append(incident, update);
        // Added as new explicitly: found in a tracked incident's list with its id set, it would be taken for an existing row.
        db.IncidentUpdates.Add(update);
        await db.SaveChangesAsync(ct);
        return Outcome<IncidentReportResponse>.Done(IncidentReportResponse.From(incident));
    }

    /// <summary>Deletes incident <paramref name="id"/> with its timeline; false when there is no such incident.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        // Its updates go with it (ON DELETE CASCADE).
        await db.Incidents.Where(i => i.Id == id).ExecuteDeleteAsync(ct) > 0;

    private async Task<Outcome<IncidentReportResponse>> ReplaceAsync(Incident incident, JsonObject document, CancellationToken ct)
    {
        var (request, unreadable) = changed.Read(document);
        if (unreadable is not null)
        {
            return Outcome<IncidentReportResponse>.Invalid(unreadable);
        }

        // Status is shown, so a client may send it back; a different one is a change only an update makes.
        var errors = document["status"] is JsonValue status && (string?)status is { } said && said != IncidentReportResponse.Name(incident.Status)
            ? new Dictionary<string, string[]> { ["status"] = [$"Post an update to /api/v1/incidents/{incident.Id}/updates to change the status."] }
            : [];
        var before = (incident.Title, incident.Impact, incident.MonitorIds);
        foreach (var (field, messages) in IncidentValidation.Apply(request!.Title, request.Impact, request.MonitorIds, incident))
        {
            errors[field] = messages;
        }

        await RequireMonitorsAsync(request.MonitorIds, errors, ct);
        if (errors.Count > 0)
        {
            (incident.Title, incident.Impact, incident.MonitorIds) = before;
            db.Entry(incident).State = EntityState.Detached;
            return Outcome<IncidentReportResponse>.Invalid(errors);
        }

        incident.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return Outcome<IncidentReportResponse>.Done(IncidentReportResponse.From(incident));
    }

    private Task<Incident?> TrackedAsync(Guid id, CancellationToken ct) =>
        db.Incidents.Include(i => i.Updates).SingleOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>Every monitor named must exist; each missing one is named by its place, <c>monitorIds[2]</c>.</summary>
    private async Task RequireMonitorsAsync(IReadOnlyList<Guid>? monitorIds, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (monitorIds is not { Count: > 0 and <= IncidentValidation.MaxMonitors } ids)
        {
            return;
        }

        var known = (await db.Monitors.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(p => !known.Contains(p.id)))
        {
            errors[$"monitorIds[{i}]"] = [$"No monitor has id {id}."];
        }
    }
}
