using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Api.Channels;

public static class ChannelEndpoints
{
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

    private static async Task<IResult> Create(HttpRequest request, SentinelDbContext db, OutboundGuard guard, ChannelDocument documents, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        if (problem is not null)
        {
            return problem;
        }

        var now = DateTime.UtcNow;
        var channel = new AlertChannel { Id = Guid.CreateVersion7(), Name = "", Type = "", CreatedAt = now, UpdatedAt = now };
        if (await ApplyAsync(body!, channel, guard, documents, ct) is { } invalid)
        {
            return invalid;
        }

        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", ChannelResponse.From(channel));
    }

    private static async Task<IResult> Update(
        Guid id, HttpRequest request, SentinelDbContext db, OutboundGuard guard, ChannelDocument documents, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        if (problem is not null)
        {
            return problem;
        }

        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, ct);
        return channel is null ? NotFound(id) : await ReplaceAsync(channel, body!, db, guard, documents, ct);
    }

    /// <summary>
    /// <c>PATCH</c> with a JSON merge patch (RFC 7396): the patch is merged into the channel as the api shows it (URLs
    /// masked, which then keep the stored ones), and the result replaces the channel as a <c>PUT</c> of it would.
    /// </summary>
    private static async Task<IResult> Patch(
        Guid id, HttpRequest request, SentinelDbContext db, OutboundGuard guard, ChannelDocument documents, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        if (problem is not null)
        {
            return problem;
        }

        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, ct);
        return channel is null
            ? NotFound(id)
            : await ReplaceAsync(channel, JsonMergePatch.Apply(documents.Show(channel), patch!), db, guard, documents, ct);
    }

    private static async Task<IResult> ReplaceAsync(
        AlertChannel channel, JsonObject document, SentinelDbContext db, OutboundGuard guard, ChannelDocument documents, CancellationToken ct)
    {
        if (await ApplyAsync(document, channel, guard, documents, ct) is { } invalid)
        {
            return invalid;
        }

        channel.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ChannelResponse.From(channel));
    }

    /// <summary>
    /// Validates <paramref name="document"/> onto <paramref name="channel"/>, and that Sentinel may connect to its URL:
    /// null when all holds, otherwise the problem to answer (and the channel is not to be saved).
    /// </summary>
    private static async Task<IResult?> ApplyAsync(
        JsonObject document, AlertChannel channel, OutboundGuard guard, ChannelDocument documents, CancellationToken ct)
    {
        var (request, problem) = documents.Read(document);
        if (problem is not null)
        {
            return problem;
        }

        var errors = ChannelValidation.Apply(request!, channel);
        if (errors.Count == 0 && (channel.Config.WebhookUrl ?? channel.Config.Url) is { } url && await guard.RefusalAsync(new Uri(url), ct) is { } why)
        {
            errors[channel.Config.WebhookUrl is null ? "config.url" : "config.webhookUrl"] = [$"Sentinel does not connect there: {why}."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Invalid channel");
    }

    private static async Task<IResult> Delete(Guid id, SentinelDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE monitors SET channel_ids = array_remove(channel_ids, {id}) WHERE {id} = ANY(channel_ids)", ct);
        var deleted = await db.AlertChannels.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted == 0 ? NotFound(id) : TypedResults.NoContent();
    }

    /// <summary>The alerter owns sending (and the SMTP settings), so the API asks it and waits for the answer.</summary>
    private static async Task<IResult> Test(Guid id, SentinelDbContext db, IRequestClient<TestChannel> alerter, CancellationToken ct)
    {
        if (!await db.AlertChannels.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound(id);
        }

        try
        {
            var answer = await alerter.GetResponse<ChannelTested>(new TestChannel { ChannelId = id }, ct, RequestTimeout.After(s: 30));
            return TypedResults.Ok(new ChannelTestResponse(id, answer.Message.Succeeded, answer.Message.Error));
        }
        catch (RequestTimeoutException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Alerter unavailable",
                detail: "The alerter did not answer within 30 s; is it running?");
        }
        catch (RequestFaultException ex)
        {
            // The alerter answers a failed send itself; a fault is the alerter failing, not this request.
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Alerter failed",
                detail: $"The alerter failed to test the channel: {ex.Fault?.Exceptions.FirstOrDefault()?.Message ?? ex.Message}");
        }
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Channel not found", detail: $"No channel has id {id}.");
}
