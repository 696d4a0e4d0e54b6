using System.Text.RegularExpressions;

namespace Sentinel.ServiceDefaults;

/// <summary>
/// What a region's name may be, and the one every installation has. A region is a set of checkers consuming their
/// own queue (<see cref="QueueNames.RunCheckFor"/>); its name appears in queue names, broker user names and metric
/// labels, so it is a DNS label: lower-case letters, digits and inner hyphens, at most 63 characters.
/// </summary>
public static partial class RegionNames
{
    /// <summary>The region of a checker started without <c>Checker__Region</c>, and of every monitor older than regions.</summary>
    public const string Default = "default";

    public const int MaxLength = 63;

    /// <summary>The rule, for schemas (OpenAPI) and validation alike.</summary>
    public const string Pattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

    // The whole name must match: '$' also matches before a final newline.
    public static bool IsValid(string? name) => name is not null && ValidName().Match(name) is { Success: true } match && match.Length == name.Length;

    /// <summary>Why <paramref name="name"/> is not a region name, for an error message.</summary>
    public static string Rule => "a DNS label: lower-case letters, digits and hyphens, at most 63 characters, not starting or ending with a hyphen";

    /// <summary>The region a message names: null (a sender older than regions) is the default one.</summary>
    public static string OrDefault(string? region) => string.IsNullOrEmpty(region) ? Default : region;

    [GeneratedRegex(Pattern)]
    private static partial Regex ValidName();
}
