using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Escalation;

public static class EscalationPolicyEndpoints
{
    private const string InvalidTitle = "Invalid escalation policy";

    public static IEndpointRouteBuilder MapEscalationPolicies(this IEndpointRouteBuilder api)
    {
        var policies = api.MapGroup("/escalation-policies").WithTags("Escalation policies");

        policies.MapGet("/", List).WithName("ListEscalationPolicies")
            .WithSummary("List escalation policies")
            .WithDescription("Every policy, on one page (there are few), by name.")
            .Produces<Page<EscalationPolicyResponse>>();
        policies.MapPost("/", Create).WithName("CreateEscalationPolicy")
            .WithSummary("Create an escalation policy")
            .WithDescription("Ordered steps, each \"after delayMinutes still down and not acknowledged, notify channelIds\" (1 to 10 steps, "
                             + "delays strictly increasing; a step with delay 0 goes out with the DOWN notice). A monitor uses the policy "
                             + "it names (escalationPolicyId) or else the first, by name, whose tags it carries. Acknowledging the outage "
                             + "stops the steps not yet due; the recovery notice reaches every channel that was told.")
            .Accepts<EscalationPolicyRequest>("application/json")
            .Produces<EscalationPolicyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        policies.MapGet("/{id:guid}", Get).WithName("GetEscalationPolicy")
            .WithSummary("Get an escalation policy")
            .WithDescription("The policy with its steps and tags.")
            .Produces<EscalationPolicyResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        policies.MapPut("/{id:guid}", Update).WithName("ReplaceEscalationPolicy")
            .WithSummary("Replace an escalation policy")
            .WithDescription("Replaces the whole policy. The document GET shows may be sent back as it is: read-only fields are ignored. "
                             + "An outage already under way follows the new steps from the next sweep.")
            .Accepts<EscalationPolicyRequest>("application/json")
            .Produces<EscalationPolicyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        policies.MapPatch("/{id:guid}", Patch).WithName("PatchEscalationPolicy")
            .WithSummary("Change some of an escalation policy's fields")
            .WithDescription("A JSON merge patch of the policy as GET shows it (steps are replaced as a whole); the result is validated as a PUT of it would be.")
            .AcceptsMergePatch("escalation policy")
            .Produces<EscalationPolicyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        policies.MapDelete("/{id:guid}", Delete).WithName("DeleteEscalationPolicy")
            .WithSummary("Delete an escalation policy")
            .WithDescription("Deletes the policy; monitors that named it use the one their tags name, if any.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> List(SentinelDbContext db, CancellationToken ct)
    {
        var items = await db.EscalationPolicies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return TypedResults.Ok(new Page<EscalationPolicyResponse>(items.Select(EscalationPolicyResponse.From).ToList(), null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.EscalationPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } policy
            ? TypedResults.Ok(EscalationPolicyResponse.From(policy))
            : NotFound(id);

    private static async Task<IResult> Create(HttpRequest request, EscalationPolicyWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.CreateAsync(body!, ct))
            .ToHttpResult(policy => TypedResults.Created($"/api/v1/escalation-policies/{policy.Id}", policy), InvalidTitle);
    }

    private static async Task<IResult> Update(Guid id, HttpRequest request, EscalationPolicyWrites writes, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        return problem ?? (await writes.ReplaceAsync(id, body!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Patch(Guid id, HttpRequest request, EscalationPolicyWrites writes, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        return problem ?? (await writes.PatchAsync(id, patch!, ct)).ToHttpResult(TypedResults.Ok, InvalidTitle, () => NotFound(id));
    }

    private static async Task<IResult> Delete(Guid id, EscalationPolicyWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Escalation policy not found", detail: $"No escalation policy has id {id}.");
}
