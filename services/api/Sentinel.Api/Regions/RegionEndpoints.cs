using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Regions;

/// <summary>
/// The regions checks run from (docs/regions.md). Declaring one changes no monitor: a monitor lists its regions, and
/// one that names none took the default set when it was written.
/// </summary>
public static class RegionEndpoints
{
    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder api)
    {
        var regions = api.MapGroup("/regions").WithTags("Regions");

        regions.MapGet("/", List).WithName("ListRegions")
            .WithSummary("List regions")
            .WithDescription("Every declared region, default first then by name: whether it is in the default set, its state (active, "
                             + "lost when every checker of it fell silent, unused when none ever served it), the checkers heard from "
                             + "in the last 30 s and when one last was, its queue as the broker sees it now (null when the broker "
                             + "does not answer or the queue does not exist yet), how long its checks waited, and how many monitors use it.")
            .Produces<Page<RegionResponse>>();
        regions.MapPost("/", Create).WithName("CreateRegion")
            .WithSummary("Declare a region")
            .WithDescription("A name (a DNS label) and whether the region joins the default set. Monitors may name it at once; its "
                             + "checks wait in its queue until a checker started with Checker__Region set to its name takes them. 409 when it exists.")
            .Accepts<RegionRequest>("application/json")
            .Produces<RegionResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        regions.MapPatch("/{name}", Patch).WithName("PatchRegion")
            .WithSummary("Put a region in or out of the default set")
            .WithDescription("{\"default\": true|false}. Monitors keep the regions they have; the set applies to monitors written from "
                             + "now on that name none. 409 when it would leave the default set empty.")
            .AcceptsMergePatch("region")
            .Produces<RegionResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesBodyProblems();
        regions.MapDelete("/{name}", Delete).WithName("DeleteRegion")
            .WithSummary("Delete a region")
            .WithDescription("409 while a monitor is checked from it (the answer says how many), and for the default region, which always exists.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    // Regions are few (a handful of places), so the list is one page.
    private static async Task<IResult> List(RegionOverview overview, CancellationToken ct) =>
        TypedResults.Ok(new Page<RegionResponse>(await overview.ReadAsync(ct), null));

    private static async Task<IResult> Create(HttpRequest request, SentinelDbContext db, RegionOverview overview, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegionRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (!RegionNames.IsValid(body!.Name))
        {
            return JsonBody.Invalid("name", body.Name is null ? "A name is required." : $"Not a region name: {RegionNames.Rule}.");
        }

        db.Regions.Add(new Region { Name = body.Name!, IsDefault = body.Default ?? false, CreatedAt = DateTime.UtcNow });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Conflict("Region exists", $"A region named {body.Name} exists already.");
        }

        return TypedResults.Created($"/api/v1/regions/{body.Name}", await ShowAsync(overview, body.Name!, ct));
    }

    private static async Task<IResult> Patch(string name, HttpRequest request, SentinelDbContext db, RegionOverview overview, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegionChangeRequest>(request, JsonMergePatch.MediaType);
        if (problem is not null)
        {
            return problem;
        }

        if (await db.Regions.SingleOrDefaultAsync(r => r.Name == name, ct) is not { } region)
        {
            return NotFound(name);
        }

        if (body!.Default is { } isDefault)
        {
            if (!isDefault && region.IsDefault && !await db.Regions.AnyAsync(r => r.IsDefault && r.Name != name, ct))
            {
                return Conflict("Default set would be empty", $"{name} is the only region in the default set; add another to it first.");
            }

            region.IsDefault = isDefault;
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(await ShowAsync(overview, name, ct));
    }

    private static async Task<IResult> Delete(string name, SentinelDbContext db, CancellationToken ct)
    {
        if (name == RegionNames.Default)
        {
            return Conflict("Region in use", "The default region always exists: checkers started without a region serve it.");
        }

        if (!await db.Regions.AnyAsync(r => r.Name == name, ct))
        {
            return NotFound(name);
        }

        var users = await db.Monitors.CountAsync(m => m.Regions.Contains(name), ct);
        if (users > 0)
        {
            return Conflict("Region in use", $"{users} monitor(s) are checked from {name}; take it off their regions first.");
        }

        await db.Regions.Where(r => r.Name == name).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<RegionResponse> ShowAsync(RegionOverview overview, string name, CancellationToken ct) =>
        (await overview.ReadAsync(ct)).Single(r => r.Name == name);

    private static IResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Region not found", detail: $"No region is named {name}.");

    private static IResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
