using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Keys;

public sealed record KeyRequest(
    [property: MaxLength(KeyEndpoints.MaxNameLength)] string? Name,
    [property: AllowedValues(ApiKeyAuthentication.ReadScope, ApiKeyAuthentication.WriteScope)] string? Scope);

public sealed record KeyResponse(Guid Id, string Name, string Scope, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>The one answer that carries the key itself; it is not stored and cannot be shown again.</summary>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Scope, string Prefix, DateTime CreatedAt, string Key);

public static class KeyEndpoints
{
    public const string CreationLimit = "key-creation";
    public const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder api)
    {
        // Keys grant access, so only admins manage them.
        var keys = api.MapGroup("/keys").WithTags("Keys").RequireAuthorization(AccessPolicies.Admin);
        keys.MapGet("/", List).WithName("ListKeys")
            .WithSummary("List API keys")
            .WithDescription("Every managed key: name, scope, prefix, creation and last use; never the key itself.")
            .Produces<Page<KeyResponse>>();
        keys.MapPost("/", Create).WithName("CreateKey")
            .WithSummary("Create an API key")
            .WithDescription("A new key with the read or write scope. The answer is the only time the key is shown.")
            .Accepts<KeyRequest>("application/json")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems()
            .RequireRateLimiting(CreationLimit).ProducesProblem(StatusCodes.Status429TooManyRequests);
        keys.MapDelete("/{id:guid}", Delete).WithName("DeleteKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key is refused from its next request on.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> List(SentinelDbContext db, CancellationToken ct)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id)
            .Select(k => new KeyResponse(k.Id, k.Name, k.Scope, k.Prefix, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<KeyResponse>(keys, null));
    }

    private static async Task<IResult> Create(HttpRequest request, SentinelDbContext db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeyRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var name = body!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        var scope = body.Scope ?? ApiKeyAuthentication.ReadScope;
        if (scope is not (ApiKeyAuthentication.ReadScope or ApiKeyAuthentication.WriteScope))
        {
            errors["scope"] = ["Must be read or write."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid key");
        }

        // 256 random bits: unguessable, so a plain SHA-256 of it is a safe thing to store.
        var secret = "snt_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Scope = scope,
            KeyHash = ApiKeyAuthentication.Hash(secret),
            Prefix = secret[..10],
            CreatedAt = DateTime.UtcNow,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/keys/{key.Id}", new CreatedKeyResponse(key.Id, key.Name, key.Scope, key.Prefix, key.CreatedAt, secret));
    }

    private static async Task<IResult> Delete(Guid id, SentinelDbContext db, CancellationToken ct) =>
        await db.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(ct) == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"No key has id {id}.")
            : TypedResults.NoContent();
}
