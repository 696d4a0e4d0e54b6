namespace Sentinel.Data;

/// <summary>A key for the REST API. Only a hash of the key is stored; the key itself is shown once, at creation.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>SHA-256 of the key. Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.</summary>
    public required byte[] KeyHash { get; set; }

    /// <summary>The key's first characters, so a person can tell keys apart; not enough to use it.</summary>
    public required string Prefix { get; set; }

    /// <summary><c>read</c> (GET routes) or <c>write</c> (everything).</summary>
    public required string Scope { get; set; }

    /// <summary>
    /// The user who made the key; the key can never do more than that user's role allows, and goes with the user.
    /// Null for keys made with a bootstrap key (<c>Api:Keys</c>), which act as an admin.
    /// </summary>
    public Guid? UserId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
