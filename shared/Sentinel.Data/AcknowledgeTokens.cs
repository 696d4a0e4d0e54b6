using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Sentinel.Data;

/// <summary>
/// The token of a one-click acknowledge link (<c>{PublicUrl}/ack/{token}</c>): it binds one monitor, one outage (its
/// DOWN transition) and an expiry under an HMAC-SHA256 with the <see cref="SigningKey.AcknowledgeLinks"/> key, so
/// nobody can make one without the database, and one can only ever acknowledge its own outage. The alerter writes
/// them, the api reads them: the format is stated here only.
/// </summary>
/// <remarks>
/// Layout, base64url without padding: version (1 byte), monitor id (16), transition id (16), expiry as Unix seconds
/// (8, big-endian), then the HMAC of those 41 bytes (32).
/// </remarks>
public static class AcknowledgeTokens
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 16 + 8;
    private const int MacLength = 32;

    /// <summary>The longest text a token is: the route refuses longer ones before any work.</summary>
    public const int MaxLength = 128;

    public static string Create(byte[] key, Guid monitorId, Guid transitionId, DateTime expiresAt)
    {
        var bytes = new byte[PayloadLength + MacLength];
        bytes[0] = Version;
        monitorId.TryWriteBytes(bytes.AsSpan(1, 16));
        transitionId.TryWriteBytes(bytes.AsSpan(17, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(33, 8), new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds());
        HMACSHA256.HashData(key, bytes.AsSpan(0, PayloadLength), bytes.AsSpan(PayloadLength));
        return Base64Url(bytes);
    }

    /// <summary>
    /// What <paramref name="token"/> says, if <paramref name="key"/> signed it; null when it is malformed or forged.
    /// Whether it has expired is the caller's to judge (it says when, to a person).
    /// </summary>
    public static AcknowledgeToken? Read(byte[] key, string token)
    {
        if (token.Length > MaxLength || FromBase64Url(token) is not { Length: PayloadLength + MacLength } bytes || bytes[0] != Version)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, bytes.AsSpan(0, PayloadLength), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(PayloadLength)))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(33, 8))).UtcDateTime;
        return new AcknowledgeToken(new Guid(bytes.AsSpan(1, 16)), new Guid(bytes.AsSpan(17, 16)), expires);
    }

    /// <summary>The key the migration created; it never changes, so a service may read it once.</summary>
    public static async Task<byte[]> ReadKeyAsync(SentinelDbContext db, CancellationToken cancellationToken) =>
        await db.SigningKeys.AsNoTracking().Where(k => k.Name == SigningKey.AcknowledgeLinks).Select(k => k.Key).SingleOrDefaultAsync(cancellationToken)
        ?? throw new InvalidOperationException($"The database has no '{SigningKey.AcknowledgeLinks}' signing key: run the migrate command.");

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    // Checked first: decoding throws, rather than answers false, on a character outside the alphabet.
    private static byte[]? FromBase64Url(string text) =>
        System.Buffers.Text.Base64Url.IsValid(text) ? System.Buffers.Text.Base64Url.DecodeFromChars(text) : null;
}

/// <summary>What a genuine acknowledge token binds: the monitor, its outage's DOWN transition, and until when it works.</summary>
public sealed record AcknowledgeToken(Guid MonitorId, Guid TransitionId, DateTime ExpiresAt);
