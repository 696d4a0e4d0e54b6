using System.Text.Json;
using Sentinel.Data;

namespace Sentinel.Api.StatusPages;

/// <summary>A status page as the api shows it: never its password's hash, only whether it has one.</summary>
public sealed record StatusPageResponse(
    Guid Id,
    string Slug,
    string Url,
    string Title,
    string? Description,
    string? LogoUrl,
    string? CustomDomain,
    string Visibility,
    bool HasPassword,
    bool ShowTargets,
    bool ShowErrors,
    IReadOnlyList<StatusPageGroupResponse> Groups,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The apply that manages it (its <c>source</c>, docs/as-code.md): the next apply from there overwrites hand edits. Null when made by hand.</summary>
    public string? Source { get; init; }

    /// <summary>Where the page is public, whatever its custom domain.</summary>
    public static string PathOf(string slug) => $"/status/{slug}";

    public static string VisibilityName(StatusPageVisibility visibility) => JsonNamingPolicy.CamelCase.ConvertName(visibility.ToString());

    public static StatusPageResponse From(StatusPage p) => new(
        p.Id, p.Slug, PathOf(p.Slug), p.Title, p.Description, p.LogoUrl, p.CustomDomain, VisibilityName(p.Visibility),
        p.PasswordHash is not null, p.ShowTargets, p.ShowErrors,
        p.Groups.Select(g => new StatusPageGroupResponse(g.Name, g.Monitors.Select(m => new StatusPageMonitorResponse(m.MonitorId, m.DisplayName)).ToList())).ToList(),
        p.CreatedAt, p.UpdatedAt)
    {
        Source = p.Source,
    };
}

public sealed record StatusPageGroupResponse(string Name, IReadOnlyList<StatusPageMonitorResponse> Monitors);

public sealed record StatusPageMonitorResponse(Guid MonitorId, string DisplayName);
