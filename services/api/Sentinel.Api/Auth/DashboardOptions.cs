using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api.Auth;

/// <summary>Bound from the <c>Dashboard</c> section.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Name of the admin created on first start, when there is no user yet.</summary>
    [RegularExpression("^[A-Za-z0-9._@+-]{1,64}$", ErrorMessage = "Dashboard:InitialAdminName may hold letters, digits and . _ @ + - (1 to 64).")]
    public string InitialAdminName { get; set; } = "admin";

    /// <summary>
    /// That admin's password (at least 12 characters); no admin is created without one. <c>./sentinel up</c>
    /// generates it into the data folder on first start and prints it.
    /// </summary>
    [MinLength(12, ErrorMessage = "Dashboard:InitialAdminPassword must be at least 12 characters long.")]
    public string? InitialAdminPassword { get; set; }
}
