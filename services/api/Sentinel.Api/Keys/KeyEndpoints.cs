using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Sentinel.Api.Auth;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;

namespace Sentinel.Api.Keys;

public sealed record KeyRequest(
    [property: MaxLength(ApiKeyRegistry.MaxNameLength)] string? Name,
    [property: AllowedValues(ApiKeyAuthentication.ReadScope, ApiKeyAuthentication.WriteScope)] string? Scope);

/// <param name="Owner">User name of the user who made the key, whose role bounds it; null for a key made with a bootstrap key.</param>
public sealed record KeyResponse(Guid Id, string Name, string Scope, string Prefix, string? Owner, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>The one answer that carries the key itself; it is not stored and cannot be shown again.</summary>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Scope, string Prefix, string? Owner, DateTime CreatedAt, string Key);

public static class KeyEndpoints
{
    public const string CreationLimit = "key-creation";

    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder api)
    {
        // Keys grant access, so only admins manage them.
        var keys = api.MapGroup("/keys").WithTags("Keys").RequireAuthorization(AccessPolicies.Admin);
        keys.MapGet("/", List).WithName("ListKeys")
            .WithSummary("List API keys")
            .WithDescription("Every managed key: name, scope, prefix, owner (the user who made it), creation and last use; never the key itself.")
            .Produces<Page<KeyResponse>>();
        keys.MapPost("/", Create).WithName("CreateKey")
            .WithSummary("Create an API key")
            .WithDescription("A new key with the read or write scope, owned by the owner of the key that makes it (none for a bootstrap key): a write key never does more than its owner's role allows. The answer is the only time the key is shown.")
            .Accepts<KeyRequest>("application/json")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems()
            .RequireRateLimiting(CreationLimit).ProducesProblem(StatusCodes.Status429TooManyRequests);
        keys.MapDelete("/{id:guid}", Delete).WithName("DeleteKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key is refused from its next request on.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> List(ApiKeyRegistry keys, CancellationToken ct) =>
        TypedResults.Ok(new Page<KeyResponse>(await keys.ListAsync(ct), null));

    private static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal caller, ApiKeyRegistry keys, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeyRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        // The new key belongs to the owner of the key that made it; a bootstrap key has none.
        var owner = Guid.TryParse(caller.FindFirst(ApiKeyAuthentication.OwnerClaim)?.Value, out var id) ? id : (Guid?)null;
        var (created, errors) = await keys.CreateAsync(body!, owner, ct);
        return created is null
            ? TypedResults.ValidationProblem(errors, title: "Invalid key")
            : TypedResults.Created($"/api/v1/keys/{created.Id}", created);
    }

    private static async Task<IResult> Delete(Guid id, ApiKeyRegistry keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"No key has id {id}.");
}
