using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.StatusPages;

public static class StatusPageEndpoints
{
    private const string InvalidTitle = "Invalid status page";

    public static IEndpointRouteBuilder MapStatusPages(this IEndpointRouteBuilder api)
    {
        var pages = api.MapGroup("/status-pages").WithTags("Status pages");

        pages.MapGet("/", List).WithName("ListStatusPages")
            .WithSummary("List status pages")
            .WithDescription("Every status page, by slug, on one page (a team has a handful).")
            .Produces<Page<StatusPageResponse>>();
        pages.MapPost("/", Create).WithName("CreateStatusPage")
            .WithSummary("Create a status page")
            .WithDescription("A page at /status/{slug} listing monitors in named groups, each under a public display name. "
                             + "A slug or custom domain another page has is refused (400, naming the field). The password of a "
                             + "password page is stored hashed and never shown.")
            .Accepts<StatusPageRequest>("application/json")
            .Produces<StatusPageResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        pages.MapGet("/{id:guid}", Get).WithName("GetStatusPage")
            .WithSummary("Get a status page")
            .WithDescription("The page's settings and groups; whether it has a password, never the password.")
            .Produces<StatusPageResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        pages.MapPut("/{id:guid}", Update).WithName("ReplaceStatusPage")
            .WithSummary("Replace a status page")
            .WithDescription("Replaces the whole page; omitted fields take their defaults and no password keeps the stored one. "
                             + "The document GET shows may be sent back as it is: read-only fields are ignored.")
            .Accepts<StatusPageRequest>("application/json")
            .Produces<StatusPageResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        pages.MapPatch("/{id:guid}", Patch).WithName("PatchStatusPage")
            .WithSummary("Change some of a status page's fields")
            .WithDescription("A JSON merge patch of the page as GET shows it (groups replaced as a whole); the result is validated "
                             + "as a PUT of it would be.")
            .AcceptsMergePatch("status page")
            .Produces<StatusPageResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        pages.MapDelete("/{id:guid}", Delete).WithName("DeleteStatusPage")
            .WithSummary("Delete a status page")
            .WithDescription("Deletes the page; its monitors and incidents stay.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    // Pages are few (a team has a handful), so the list is one page.
    private static async Task<IResult> List(SentinelDbContext db, CancellationToken ct)
    {
        var items = await db.StatusPages.AsNoTracking().OrderBy(p => p.Slug).ToListAsync(ct);
        return TypedResults.Ok(new Page<StatusPageResponse>(items.Select(StatusPageResponse.From).ToList(), null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.StatusPages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } page
            ? TypedResults.Ok(StatusPageResponse.From(page))
            : NotFound(id);

    private static async Task<IResult> Create(HttpRequest request, StatusPageWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(page => TypedResults.Created($"/api/v1/status-pages/{page.Id}", page), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, StatusPageWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Patch(Guid id, HttpRequest request, StatusPageWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, StatusPageWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Status page not found", detail: $"No status page has id {id}.");
}
