using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Auth;

/// <summary>
/// Authenticates a request by its API key, sent as <c>X-API-Key</c> or <c>Authorization: Bearer</c>: either a
/// configured bootstrap key (<c>Api:Keys</c>, write scope) or a key created through the API, found by its hash.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<ApiOptions> api, SentinelDbContext db, FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";
    public const string ScopeClaim = "scope";
    public const string KeyIdClaim = "key_id";

    /// <summary>The id of the user who made the key; absent for bootstrap keys and keys they made.</summary>
    public const string OwnerClaim = "owner_id";
    public const string ReadScope = "read";
    public const string WriteScope = "write";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = Hash(presented);
        var bootstrap = false;
        // Every configured key compared in constant time, so timing tells nothing about them.
        foreach (var known in api.Value.Keys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            bootstrap |= CryptographicOperations.FixedTimeEquals(hash, Hash(known));
        }

        if (bootstrap)
        {
            return Success("bootstrap", WriteScope, SentinelRoles.Admin, owner: null);
        }

        // A lookup by hash reveals nothing through timing: the hash of a guess is unrelated to any stored one.
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.KeyHash == hash)
            .Select(k => new { k.Id, k.Scope, k.LastUsedAt, k.UserId, OwnerRole = db.Users.Where(u => u.Id == k.UserId).Select(u => u.Role).FirstOrDefault() })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown key");
        }

        if (key.LastUsedAt is null || key.LastUsedAt < DateTime.UtcNow.AddMinutes(-1))
        {
            // At most one write a minute per key, so reads stay reads.
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, DateTime.UtcNow), Context.RequestAborted);
        }

        // A read key views; a write key does what its maker's role allows (keys made with a bootstrap key: admin).
        var role = key.Scope == ReadScope ? SentinelRoles.Viewer : SentinelRoles.Lesser(SentinelRoles.Admin, key.OwnerRole ?? SentinelRoles.Admin);
        return Success(key.Id.ToString(), key.Scope, role, key.UserId);
    }

    private AuthenticateResult Success(string keyId, string scope, string role, Guid? owner)
    {
        List<Claim> claims = [new(KeyIdClaim, keyId), new(ScopeClaim, scope), new(ClaimTypes.Role, role)];
        if (owner is not null)
        {
            claims.Add(new Claim(OwnerClaim, owner.Value.ToString()));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = PresentedKey(Request) is not null;
        if (presented && !failures.TryAcquire(Context, out var retryAfter))
        {
            await Problems.TooManyRequestsAsync(Context, retryAfter, "Too many failed authentications from this address.");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: presented ? "The API key is not valid (revoked, mistyped or unknown)." : $"Send an API key in the {HeaderName} header or as Authorization: Bearer.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: Context.User.Allows(SentinelRoles.Editor)
                ? "Only an admin's key may manage API keys and users."
                : "This key may only read: changes need a key with the write scope, made by an editor or an admin.")
            .ExecuteAsync(Context);

    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
