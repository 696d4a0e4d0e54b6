using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Alerts;
using Sentinel.Api.Http;
using Sentinel.Api.Maintenance;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Monitors;

public static class MonitorEndpoints
{
    private const int MaxLimit = Paging.MaxLimit;
    private const int IdCursorLength = Paging.IdCursorLength;
    private const string InvalidTitle = "Invalid monitor";

    public static IEndpointRouteBuilder MapMonitors(this IEndpointRouteBuilder api)
    {
        var monitors = api.MapGroup("/monitors").WithTags("Monitors");

        monitors.MapGet("/", List).WithName("ListMonitors")
            .WithSummary("List monitors")
            .WithDescription("Monitors in creation order, a page at a time; filtered by status, name (a case-insensitive substring) or tag.")
            .WithQueryValues("status", Enum.GetNames<MonitorStatusName>().Select(JsonNamingPolicy.CamelCase.ConvertName))
            .Produces<Page<MonitorResponse>>().ProducesValidationProblem();
        monitors.MapPost("/", Create).WithName("CreateMonitor")
            .WithSummary("Create a monitor")
            .WithDescription("The monitor's fields and its check's, in one object; kind follows from the url's scheme unless given. Checked at once.")
            .Accepts<MonitorRequest>("application/json")
            .Produces<MonitorResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        monitors.MapPost("/test", Test).WithName("TestMonitor")
            .WithSummary("Test a monitor without saving it")
            .WithDescription("Validates the document as creating the monitor would (the same errors), then a checker runs its check "
                             + "once and the result is answered as a history item shows it. Nothing is saved and no history written. "
                             + "503 when no checker answers within the check's longest run (timeout and retries) and a few seconds more.")
            .Accepts<MonitorRequest>("application/json")
            .Produces<CheckTestResponse>().ProducesValidationProblem().ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        monitors.MapGet("/{id:guid}", Get).WithName("GetMonitor")
            .WithSummary("Get a monitor")
            .WithDescription("The monitor as one flat document: its own fields, its status, and its check's fields with secrets masked; "
                             + "for a monitor checked from more than one region, also each region's latest result (latestByRegion).")
            .Produces<MonitorResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapPut("/{id:guid}", Update).WithName("ReplaceMonitor")
            .WithSummary("Replace a monitor")
            .WithDescription("Replaces the whole monitor; omitted fields take their defaults. The document GET shows may be sent back "
                             + "as it is: read-only fields are ignored, and masked secrets keep the stored ones.")
            .Accepts<MonitorRequest>("application/json")
            .Produces<MonitorResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        monitors.MapPatch("/{id:guid}", Patch).WithName("PatchMonitor")
            .WithSummary("Change some of a monitor's fields")
            .WithDescription("A JSON merge patch of the monitor as GET shows it; the result is validated as a PUT of it would be.")
            .AcceptsMergePatch("monitor")
            .Produces<MonitorResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        monitors.MapDelete("/{id:guid}", Delete).WithName("DeleteMonitor")
            .WithSummary("Delete a monitor")
            .WithDescription("Stops checking the monitor and deletes it with its history.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapPost("/{id:guid}/test", TestStored).WithName("TestSavedMonitor")
            .WithSummary("Run a monitor's check now")
            .WithDescription("A checker runs the saved monitor's check once and the result is answered as a history item shows it; "
                             + "it is not recorded and changes neither status nor schedule. A heartbeat monitor has no check to run (400).")
            .Produces<CheckTestResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        monitors.MapPost("/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeMonitor")
            .WithSummary("Acknowledge a monitor's outage")
            .WithDescription("Says someone is on the outage under way: its reminders and the escalation steps not yet due stop, and the "
                             + "monitor shows acknowledged (at, by, via, note) until it recovers. The body is optional ({\"note\": …}). "
                             + "Acknowledging again changes nothing: the first acknowledgement stands and is answered. 409 when the monitor is not down.")
            .Accepts<AcknowledgeRequest>("application/json")
            .Produces<AcknowledgementResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesBodyProblems();
        monitors.MapGet("/{id:guid}/history", History).WithName("ListMonitorHistory")
            .WithSummary("List a monitor's checks")
            .WithDescription("The monitor's check results, newest due first, a page at a time; optionally due between two times, and from one region only.")
            .Produces<Page<CheckResultResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapGet("/{id:guid}/alerts", Alerts).WithName("ListMonitorAlerts")
            .WithSummary("List a monitor's alerts")
            .WithDescription("Notifications sent (or being sent) for the monitor's state changes, newest first, a page at a time.")
            .Produces<Page<AlertResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    // The validation attributes on handler parameters state for the OpenAPI document what the handler checks.
    private static async Task<IResult> List(
        SentinelDbContext db, Acknowledgements acknowledgements, [Range(1, MaxLimit)] int? limit, [MaxLength(IdCursorLength)] string? cursor, string? status,
        [MaxLength(MonitorValidation.MaxNameLength)] string? name, [MaxLength(MonitorValidation.MaxTagLength)] string? tag, CancellationToken ct)
    {
        var (filter, field, message) = MonitorFilter.Parse(status, name, tag);
        if (filter is null)
        {
            return JsonBody.Invalid(field!, message!);
        }

        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {MaxLimit}.");
        }

        Guid after = default;
        if (cursor is not null && !Guid.TryParse(cursor, out after))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        var maintenance = await ActiveMaintenance.ReadAsync(db, DateTime.UtcNow, ct);
        var slice = await filter.ReadAsync(db, maintenance, cursor is null ? null : after, before: null, take, ct);
        var ids = slice.Items.Select(r => r.Monitor.Id).ToList();
        var flapping = await MonitorFlapping.SinceAsync(db, ids, ct);
        var acknowledged = await acknowledgements.CurrentAsync(ids, ct);
        var items = slice.Items.Select(r => MonitorResponse.From(
            r.Monitor, r.Status, maintenance.Covers(r.Monitor.Id, r.Monitor.Tags),
            flapping.TryGetValue(r.Monitor.Id, out var since) ? since : null, acknowledged.GetValueOrDefault(r.Monitor.Id))).ToList();
        return TypedResults.Ok(new Page<MonitorResponse>(items, slice.More ? items[^1].Id.ToString() : null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, Acknowledgements acknowledgements, CancellationToken ct)
    {
        var row = await db.Monitors.AsNoTracking().Where(m => m.Id == id).Select(m => new { Monitor = m, m.Status }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound(id);
        }

        var maintenance = await ActiveMaintenance.ReadAsync(db, DateTime.UtcNow, ct);
        var acknowledged = (await acknowledgements.CurrentAsync([id], ct)).GetValueOrDefault(id);
        return TypedResults.Ok(MonitorResponse.From(
            row.Monitor, row.Status, maintenance.Covers(row.Monitor.Id, row.Monitor.Tags), await MonitorFlapping.SinceAsync(db, id, ct), acknowledged) with
        {
            LatestByRegion = row.Monitor.Regions.Count > 1 ? await LatestByRegionAsync(db, id, row.Monitor.Regions, ct) : null,
        });
    }

    /// <summary>The newest result of each of <paramref name="regions"/>, in their order; empty before a region's first.</summary>
    public static async Task<IReadOnlyList<RegionLatestResponse>> LatestByRegionAsync(
        SentinelDbContext db, Guid id, IReadOnlyList<string> regions, CancellationToken ct)
    {
        var latest = await MonitorHistory.LatestByRegionAsync(db, id, regions, ct);
        return regions.Select(region => latest.TryGetValue(region, out var r)
            ? new RegionLatestResponse(region, r.Status, r.CheckedAt, r.LatencyMs, r.Error)
            : new RegionLatestResponse(region, null, null, null, null)).ToList();
    }

    private static async Task<IResult> Create(HttpRequest request, MonitorWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(monitor => TypedResults.Created($"/api/v1/monitors/{monitor.Id}", monitor), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, MonitorWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    /// <summary>
    /// <c>PATCH</c> with a JSON merge patch (RFC 7396): the patch is merged into the monitor as the api shows it, and
    /// the result replaces the monitor as a <c>PUT</c> of it would.
    /// </summary>
    private static async Task<IResult> Patch(Guid id, HttpRequest request, MonitorWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, MonitorWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> Test(HttpRequest request, MonitorTests tests, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await tests.TestAsync(body!, replacing: null, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle);
    }

    private static async Task<IResult> Acknowledge(Guid id, HttpRequest request, Acknowledgements acknowledgements, CancellationToken ct)
    {
        string? note = null;
        // The body is optional: an empty POST acknowledges without a note.
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (body, problem) = await JsonBody.ReadAsync<AcknowledgeRequest>(request);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Note is { Length: > Acknowledgements.MaxNoteLength })
            {
                return JsonBody.Invalid("note", $"At most {Acknowledgements.MaxNoteLength} characters.");
            }

            note = body.Note;
        }

        var by = await acknowledgements.CallerAsync(request.HttpContext.User, ct);
        var (result, acknowledgement) = await acknowledgements.AcknowledgeAsync(id, outage: null, by, AcknowledgementVia.Api, note, ct);
        return result switch
        {
            AcknowledgeResult.Acknowledged => TypedResults.Ok(acknowledgement),
            AcknowledgeResult.NoMonitor => NotFound(id),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Monitor is not down",
                detail: $"Monitor {id} has no outage under way to acknowledge."),
        };
    }

    private static async Task<IResult> TestStored(Guid id, MonitorTests tests, CancellationToken ct) =>
        (await tests.TestStoredAsync(id, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));

    private static async Task<IResult> History(
        Guid id, SentinelDbContext db, DateTime? from, DateTime? to, [Range(1, MaxLimit)] int? limit, [MaxLength(HistoryCursor.Length)] string? cursor,
        [MaxLength(RegionNames.MaxLength), RegularExpression(RegionNames.Pattern)] string? region, CancellationToken ct)
    {
        if (region is not null && !RegionNames.IsValid(region))
        {
            return JsonBody.Invalid("region", $"Not a region name: {RegionNames.Rule}.");
        }

        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {MaxLimit}.");
        }

        HistoryCursor position = default;
        if (cursor is not null && !HistoryCursor.TryDecode(cursor, out position))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        if (from > to)
        {
            return JsonBody.Invalid("from", "Must not be after 'to'.");
        }

        if (!await db.Monitors.AnyAsync(m => m.Id == id, ct))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await MonitorHistory.PageAsync(db, id, from, to, cursor is null ? null : position, take, ct, region));
    }

    private static async Task<IResult> Alerts(
        Guid id, SentinelDbContext db, [Range(1, MaxLimit)] int? limit, [MaxLength(IdCursorLength)] string? cursor, CancellationToken ct) =>
        await db.Monitors.AnyAsync(m => m.Id == id, ct)
            ? await AlertEndpoints.PageAsync(db.NotificationDeliveries.Where(d => d.MonitorId == id), limit, cursor, ct)
            : NotFound(id);

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Monitor not found", detail: $"No monitor has id {id}.");
}
