using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Channels;

public static class ChannelEndpoints
{
    private const string InvalidTitle = "Invalid channel";

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder api)
    {
        var channels = api.MapGroup("/channels").WithTags("Channels");

        channels.MapGet("/", List).WithName("ListChannels")
            .WithSummary("List alert channels")
            .WithDescription("Every channel, on one page (a team has a handful); webhook URLs masked.")
            .Produces<Page<ChannelResponse>>();
        channels.MapPost("/", Create).WithName("CreateChannel")
            .WithSummary("Create an alert channel")
            .WithDescription("A Slack, Discord or webhook URL, or email recipients. Sentinel must be allowed to connect to the URL.")
            .Accepts<ChannelRequest>("application/json")
            .Produces<ChannelResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        channels.MapGet("/{id:guid}", Get).WithName("GetChannel")
            .WithSummary("Get an alert channel")
            .WithDescription("The channel, its webhook URL masked.")
            .Produces<ChannelResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPut("/{id:guid}", Update).WithName("ReplaceChannel")
            .WithSummary("Replace an alert channel")
            .WithDescription("Replaces the whole channel. The document GET shows may be sent back as it is: read-only fields are "
                             + "ignored, and a masked URL keeps the stored one.")
            .Accepts<ChannelRequest>("application/json")
            .Produces<ChannelResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        channels.MapPatch("/{id:guid}", Patch).WithName("PatchChannel")
            .WithSummary("Change some of an alert channel's fields")
            .WithDescription("A JSON merge patch of the channel as GET shows it; the result is validated as a PUT of it would be.")
            .AcceptsMergePatch("channel")
            .Produces<ChannelResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        channels.MapDelete("/{id:guid}", Delete).WithName("DeleteChannel")
            .WithSummary("Delete an alert channel")
            .WithDescription("Deletes the channel and takes it off every monitor that names it.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPost("/{id:guid}/test", Test).WithName("TestChannel")
            .WithSummary("Send a test notification")
            .WithDescription("The alerter sends a test message through the channel and says whether it was delivered.")
            .Produces<ChannelTestResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    // Channels are few (a team has a handful), so the list is one page.
    private static async Task<IResult> List(SentinelDbContext db, CancellationToken ct)
    {
        var items = await db.AlertChannels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(new Page<ChannelResponse>(items.Select(ChannelResponse.From).ToList(), null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.AlertChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } channel
            ? TypedResults.Ok(ChannelResponse.From(channel))
            : NotFound(id);

    private static async Task<IResult> Create(HttpRequest request, ChannelWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(channel => TypedResults.Created($"/api/v1/channels/{channel.Id}", channel), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, ChannelWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    /// <summary>
    /// <c>PATCH</c> with a JSON merge patch (RFC 7396): the patch is merged into the channel as the api shows it (URLs
    /// masked, which then keep the stored ones), and the result replaces the channel as a <c>PUT</c> of it would.
    /// </summary>
    private static async Task<IResult> Patch(Guid id, HttpRequest request, ChannelWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, ChannelWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> Test(Guid id, ChannelWrites writes, CancellationToken ct) =>
        (await writes.SendTestAsync(id, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Channel not found", detail: $"No channel has id {id}.");
}
