using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Incidents;

public static class IncidentEndpoints
{
    private const string InvalidTitle = "Invalid incident";

    /// <summary>What <c>?state=</c> takes.</summary>
    public static readonly string[] States = ["open", "resolved"];

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapGet("/", List).WithName("ListIncidents")
            .WithSummary("List incidents")
            .WithDescription("Incidents newest first, a page at a time, each with its timeline; ?state=open or resolved for only those.")
            .WithQueryValues("state", States)
            .Produces<Page<IncidentReportResponse>>().ProducesValidationProblem();
        incidents.MapPost("/", Create).WithName("CreateIncident")
            .WithSummary("Open an incident")
            .WithDescription("Title, impact, affected monitors, and the first update of its timeline (status and message). "
                             + "Every status page that lists one of its monitors shows it.")
            .Accepts<IncidentRequest>("application/json")
            .Produces<IncidentReportResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        incidents.MapGet("/{id:guid}", Get).WithName("GetIncident")
            .WithSummary("Get an incident")
            .WithDescription("The incident with its timeline, newest update first.")
            .Produces<IncidentReportResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapPut("/{id:guid}", Update).WithName("ReplaceIncident")
            .WithSummary("Change what an incident is about")
            .WithDescription("Replaces its title, impact and monitors. The status changes only by an update (POST …/updates); "
                             + "the document GET shows may be sent back as it is, read-only fields being ignored.")
            .Accepts<IncidentChangeRequest>("application/json")
            .Produces<IncidentReportResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        incidents.MapPatch("/{id:guid}", Patch).WithName("PatchIncident")
            .WithSummary("Change some of an incident's fields")
            .WithDescription("A JSON merge patch of the incident as GET shows it (title, impact, monitorIds); validated as a PUT of it would be.")
            .AcceptsMergePatch("incident")
            .Produces<IncidentReportResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        incidents.MapPost("/{id:guid}/updates", AddUpdate).WithName("AddIncidentUpdate")
            .WithSummary("Post an update to an incident")
            .WithDescription("Appends to the timeline; its status becomes the incident's. \"resolved\" resolves it (resolvedAt set), "
                             + "any other status reopens a resolved one. Answers the incident.")
            .Accepts<IncidentUpdateRequest>("application/json")
            .Produces<IncidentReportResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesBodyProblems();
        incidents.MapDelete("/{id:guid}", Delete).WithName("DeleteIncident")
            .WithSummary("Delete an incident")
            .WithDescription("Deletes the incident and its timeline: no status page shows it any more. Resolve it instead to keep it in the pages' history.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> List(
        SentinelDbContext db, string? state, [Range(1, Paging.MaxLimit)] int? limit, [MaxLength(Paging.IdCursorLength)] string? cursor, CancellationToken ct)
    {
        if (state is not null && !States.Contains(state))
        {
            return JsonBody.Invalid("state", $"Must be {string.Join(" or ", States)}.");
        }

        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {Paging.MaxLimit}.");
        }

        Guid before = default;
        if (cursor is not null && !Guid.TryParse(cursor, out before))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        var page = await ReadAsync(db, state, cursor is null ? null : before, take, ct);
        return TypedResults.Ok(page);
    }

    /// <summary>
    /// A page of incidents newest first (ids are time-ordered), those in <paramref name="state"/> only when given,
    /// older than <paramref name="before"/>: what the list route answers and the dashboard lists.
    /// </summary>
    public static async Task<Page<IncidentReportResponse>> ReadAsync(SentinelDbContext db, string? state, Guid? before, int take, CancellationToken ct)
    {
        var query = db.Incidents.AsNoTracking().Include(i => i.Updates).AsQueryable();
        query = state switch
        {
            "open" => query.Where(i => i.Status != IncidentStatus.Resolved),
            "resolved" => query.Where(i => i.Status == IncidentStatus.Resolved),
            _ => query,
        };
        if (before is { } id)
        {
            query = query.Where(i => i.Id.CompareTo(id) < 0);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(take + 1).AsSplitQuery().ToListAsync(ct);
        var items = rows.Take(take).Select(IncidentReportResponse.From).ToList();
        return new Page<IncidentReportResponse>(items, rows.Count > take ? items[^1].Id.ToString() : null);
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.Incidents.AsNoTracking().Include(i => i.Updates).SingleOrDefaultAsync(i => i.Id == id, ct) is { } incident
            ? TypedResults.Ok(IncidentReportResponse.From(incident))
            : NotFound(id);

    private static async Task<IResult> Create(HttpRequest request, IncidentWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(incident => TypedResults.Created($"/api/v1/incidents/{incident.Id}", incident), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, IncidentWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Patch(Guid id, HttpRequest request, IncidentWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> AddUpdate(Guid id, HttpRequest request, IncidentWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.AddUpdateAsync(id, body!, ct))
            .ToHttpResult(incident => TypedResults.Created($"/api/v1/incidents/{incident.Id}", incident), InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, IncidentWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found", detail: $"No incident has id {id}.");
}
