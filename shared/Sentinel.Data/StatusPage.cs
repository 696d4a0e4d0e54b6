namespace Sentinel.Data;

/// <summary>Who may read a status page.</summary>
public enum StatusPageVisibility
{
    /// <summary>Anyone, without logging in.</summary>
    Public = 0,

    /// <summary>Anyone who types the page's password.</summary>
    Password = 1,

    /// <summary>Only users logged in to the dashboard.</summary>
    Users = 2,
}

/// <summary>
/// A page that tells a team's own users how its services are doing, at <c>/status/{slug}</c> (or on its own
/// domain). It shows only what it lists, under the names it gives: never a monitor's internal name, target, tags or
/// errors unless it says so. Written by the api.
/// </summary>
public sealed class StatusPage
{
    public Guid Id { get; set; }

    /// <summary>The page's address, <c>/status/{slug}</c>: a DNS label (lower-case letters, digits, hyphens), unique.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>An absolute http(s) URL of an image shown beside the title.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>A host name (<c>status.example.com</c>, lower case) whose requests are answered with this page; unique.</summary>
    public string? CustomDomain { get; set; }

    public StatusPageVisibility Visibility { get; set; }

    /// <summary>The password's hash (ASP.NET Core Identity's hasher) when <see cref="Visibility"/> is <see cref="StatusPageVisibility.Password"/>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Show each listed monitor's target (its URL or host) beside its display name.</summary>
    public bool ShowTargets { get; set; }

    /// <summary>Show why a listed monitor that is down is failing (its last error).</summary>
    public bool ShowErrors { get; set; }

    /// <summary>The monitors shown, in groups, in order; stored as jsonb.</summary>
    public List<StatusPageGroup> Groups { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The <c>source</c> of the apply that created or last took over this object (docs/as-code.md); null when made by
    /// hand. Only that source's apply with prune deletes it.
    /// </summary>
    public string? Source { get; set; }
}

/// <summary>A named group of monitors on a <see cref="StatusPage"/>.</summary>
public sealed class StatusPageGroup
{
    public required string Name { get; set; }
    public List<StatusPageMonitor> Monitors { get; set; } = [];
}

/// <summary>A monitor as a <see cref="StatusPage"/> shows it: under its public name.</summary>
public sealed class StatusPageMonitor
{
    public Guid MonitorId { get; set; }
    public required string DisplayName { get; set; }
}
