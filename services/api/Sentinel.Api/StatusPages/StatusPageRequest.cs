using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api.StatusPages;

/// <summary>The body of POST and PUT /api/v1/status-pages. Omitted fields take their defaults (PUT replaces the whole page).</summary>
/// <remarks>
/// The validation attributes state <see cref="StatusPageValidation"/>'s limits for the OpenAPI document; the rules,
/// with their messages, are <see cref="StatusPageValidation.Apply"/>.
/// </remarks>
public sealed record StatusPageRequest
{
    /// <summary>The page's address, <c>/status/{slug}</c>: a DNS label (1 to 63 of a-z, 0-9 and -, not starting or ending with -).</summary>
    [MaxLength(StatusPageValidation.MaxSlugLength)]
    [RegularExpression(StatusPageValidation.SlugPattern)]
    public string? Slug { get; init; }

    [MaxLength(StatusPageValidation.MaxTitleLength)]
    public string? Title { get; init; }

    [MaxLength(StatusPageValidation.MaxDescriptionLength)]
    public string? Description { get; init; }

    /// <summary>An absolute http(s) URL of an image shown beside the title.</summary>
    [MaxLength(StatusPageValidation.MaxUrlLength)]
    public string? LogoUrl { get; init; }

    /// <summary>A host name (<c>status.example.com</c>) whose requests get this page at <c>/</c>; stored lower-case.</summary>
    [MaxLength(StatusPageValidation.MaxDomainLength)]
    public string? CustomDomain { get; init; }

    /// <summary><c>public</c> (the default), <c>password</c> or <c>users</c> (dashboard users only).</summary>
    [AllowedValues("public", "password", "users")]
    public string? Visibility { get; init; }

    /// <summary>
    /// Write-only: the password of a <c>password</c> page, 8 characters or more. Required when a page becomes one;
    /// omitted, an update keeps the stored one.
    /// </summary>
    [MinLength(StatusPageValidation.MinPasswordLength)]
    [MaxLength(StatusPageValidation.MaxPasswordLength)]
    public string? Password { get; init; }

    /// <summary>Show each monitor's target (its URL or host) beside its display name; false by default.</summary>
    public bool? ShowTargets { get; init; }

    /// <summary>Show why a monitor that is down fails (its last error); false by default.</summary>
    public bool? ShowErrors { get; init; }

    [MaxLength(StatusPageValidation.MaxGroups)]
    public List<StatusPageGroupRequest>? Groups { get; init; }
}

public sealed record StatusPageGroupRequest
{
    [MaxLength(StatusPageValidation.MaxTitleLength)]
    public string? Name { get; init; }

    [MaxLength(StatusPageValidation.MaxMonitorsPerGroup)]
    public List<StatusPageMonitorRequest>? Monitors { get; init; }
}

/// <summary>A monitor on the page, under the name the page gives it (its own name is never shown).</summary>
public sealed record StatusPageMonitorRequest
{
    public Guid? MonitorId { get; init; }

    [MaxLength(StatusPageValidation.MaxTitleLength)]
    public string? DisplayName { get; init; }
}
