using Microsoft.AspNetCore.Identity;

namespace Sentinel.Data;

/// <summary>A person who logs in to the dashboard. Identity keeps the password hash, lockout and authenticator key.</summary>
public sealed class DashboardUser : IdentityUser<Guid>
{
    /// <summary>viewer, editor or admin: one role a user, each including the one before.</summary>
    public required string Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
