using System.Security.Claims;

namespace Sentinel.Api.Auth;

/// <summary>
/// The three roles, each including the one before: a viewer reads; an editor also changes monitors, channels and
/// status pages; an admin also manages users and API keys. Users have one; an API key acts with one.
/// </summary>
public static class SentinelRoles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Editor, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    /// <summary>The roles that include <paramref name="role"/>: those a user must have to do what it allows.</summary>
    public static string[] AtLeast(string role) => All.Skip(Rank(role)).ToArray();

    /// <summary>The lesser of two roles: what a key made by a user may do.</summary>
    public static string Lesser(string a, string b) => Rank(a) <= Rank(b) ? a : b;

    public static bool Allows(this ClaimsPrincipal user, string role) => AtLeast(role).Any(user.IsInRole);

    private static int Rank(string role) => All.IndexOf(role) is >= 0 and var rank
        ? rank
        : throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role.");

    private static int IndexOf(this IReadOnlyList<string> roles, string role)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i] == role)
            {
                return i;
            }
        }

        return -1;
    }
}
