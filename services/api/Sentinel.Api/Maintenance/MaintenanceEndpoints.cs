using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

public static class MaintenanceEndpoints
{
    private const string InvalidTitle = "Invalid maintenance window";

    public static IEndpointRouteBuilder MapMaintenanceWindows(this IEndpointRouteBuilder api)
    {
        var windows = api.MapGroup("/maintenance-windows").WithTags("Maintenance windows");

        windows.MapGet("/", List).WithName("ListMaintenanceWindows")
            .WithSummary("List maintenance windows")
            .WithDescription("Every window, on one page (there are few), in creation order, each with whether it is on now and its next occurrence.")
            .Produces<Page<MaintenanceWindowResponse>>();
        windows.MapPost("/", Create).WithName("CreateMaintenanceWindow")
            .WithSummary("Create a maintenance window")
            .WithDescription("One-off (startsAt, endsAt, UTC) or recurring (a five-field cron expression read in timeZone, each occurrence "
                             + "lasting durationMinutes), covering allMonitors, monitorIds or tags. While it is on, covered monitors show "
                             + "maintenance, their checks are recorded but count in no uptime figure, and their changes alert no one; a "
                             + "monitor still changed when it ends alerts once. notifyChannelIds are told when each occurrence starts and ends.")
            .Accepts<MaintenanceWindowRequest>("application/json")
            .Produces<MaintenanceWindowResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        windows.MapGet("/{id:guid}", Get).WithName("GetMaintenanceWindow")
            .WithSummary("Get a maintenance window")
            .WithDescription("The window, whether it is on now, its current and next occurrences.")
            .Produces<MaintenanceWindowResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        windows.MapPut("/{id:guid}", Update).WithName("ReplaceMaintenanceWindow")
            .WithSummary("Replace a maintenance window")
            .WithDescription("Replaces the whole window. The document GET shows may be sent back as it is: read-only fields are ignored.")
            .Accepts<MaintenanceWindowRequest>("application/json")
            .Produces<MaintenanceWindowResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        windows.MapPatch("/{id:guid}", Patch).WithName("PatchMaintenanceWindow")
            .WithSummary("Change some of a maintenance window's fields")
            .WithDescription("A JSON merge patch of the window as GET shows it; the result is validated as a PUT of it would be. "
                             + "To switch between one-off and recurring, set the other form's fields to null.")
            .AcceptsMergePatch("maintenance window")
            .Produces<MaintenanceWindowResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        windows.MapDelete("/{id:guid}", Delete).WithName("DeleteMaintenanceWindow")
            .WithSummary("Delete a maintenance window")
            .WithDescription("Deletes the window; its monitors count and alert as usual from their next check.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    // Windows are few (a team has a handful), so the list is one page.
    private static async Task<IResult> List(SentinelDbContext db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var items = await db.MaintenanceWindows.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);
        return TypedResults.Ok(new Page<MaintenanceWindowResponse>(items.Select(w => MaintenanceWindowResponse.From(w, now)).ToList(), null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.MaintenanceWindows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct) is { } window
            ? TypedResults.Ok(MaintenanceWindowResponse.From(window, DateTime.UtcNow))
            : NotFound(id);

    private static async Task<IResult> Create(HttpRequest request, MaintenanceWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(window => TypedResults.Created($"/api/v1/maintenance-windows/{window.Id}", window), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, MaintenanceWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Patch(Guid id, HttpRequest request, MaintenanceWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, MaintenanceWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Maintenance window not found", detail: $"No maintenance window has id {id}.");
}
