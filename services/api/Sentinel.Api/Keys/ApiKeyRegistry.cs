using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Keys;

/// <summary>
/// Lists, creates and revokes managed API keys: the one implementation behind both <c>/api/v1/keys</c> and the
/// dashboard's <c>/keys</c> page, so both validate alike and both record who made a key.
/// </summary>
public sealed class ApiKeyRegistry(SentinelDbContext db)
{
    public const int MaxNameLength = 200;

    /// <summary>Every key, oldest first, with its owner's user name (null for keys made with a bootstrap key).</summary>
    public Task<List<KeyResponse>> ListAsync(CancellationToken ct) => Responses(db.ApiKeys.OrderBy(k => k.Id)).ToListAsync(ct);

    public Task<KeyResponse?> FindAsync(Guid id, CancellationToken ct) => Responses(db.ApiKeys.Where(k => k.Id == id)).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Creates a key owned by <paramref name="ownerId"/> (null: no owner, acting as an admin), or returns what is
    /// wrong with the request keyed by the API's field names (<c>name</c>, <c>scope</c>).
    /// </summary>
    public async Task<KeyCreation> CreateAsync(KeyRequest request, Guid? ownerId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        var scope = request.Scope ?? ApiKeyAuthentication.ReadScope;
        if (scope is not (ApiKeyAuthentication.ReadScope or ApiKeyAuthentication.WriteScope))
        {
            errors["scope"] = ["Must be read or write."];
        }

        if (errors.Count > 0)
        {
            return new KeyCreation(null, errors);
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
            UserId = ownerId,
            CreatedAt = DateTime.UtcNow,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        var owner = ownerId is null ? null : await db.Users.Where(u => u.Id == ownerId).Select(u => u.UserName).SingleAsync(ct);
        return new KeyCreation(new CreatedKeyResponse(key.Id, key.Name, key.Scope, key.Prefix, owner, key.CreatedAt, secret), errors);
    }

    private IQueryable<KeyResponse> Responses(IQueryable<ApiKey> keys) => keys.AsNoTracking()
        .Select(k => new KeyResponse(k.Id, k.Name, k.Scope, k.Prefix,
            db.Users.Where(u => u.Id == k.UserId).Select(u => u.UserName).FirstOrDefault(), k.CreatedAt, k.LastUsedAt));

    /// <summary>Deletes the key; false when there is none with that id. It is refused from its next request on.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct) =>
        await db.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(ct) > 0;
}

/// <summary>The created key, or the errors that stopped it.</summary>
public sealed record KeyCreation(CreatedKeyResponse? Created, IReadOnlyDictionary<string, string[]> Errors);
