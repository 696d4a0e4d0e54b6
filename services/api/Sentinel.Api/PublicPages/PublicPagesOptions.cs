using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api.PublicPages;

/// <summary>Bound from the <c>PublicPages</c> section: what visitors without a login may ask of status pages and badges.</summary>
public sealed class PublicPagesOptions
{
    public const string Section = "PublicPages";

    /// <summary>Requests one client address may make per minute to status pages, their JSON and feeds, and badges.</summary>
    [Range(1, 10_000_000, ErrorMessage = "PublicPages:RequestsPerMinute must be between 1 and 10,000,000.")]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>
    /// How long a rendered page (HTML, JSON and feed together) is served from memory before it is rendered again; a
    /// transition of one of its monitors renders it at once. 0 renders every request.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "PublicPages:CacheSeconds must be between 0 and 3600.")]
    public int CacheSeconds { get; set; } = 10;
}
