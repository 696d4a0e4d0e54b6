using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Sentinel.Data;

namespace Sentinel.Api.StatusPages;

/// <summary>
/// The rules of a status page's own fields, with their messages; that its monitors exist and its slug and domain are
/// free is asked of the database by <see cref="StatusPageWrites"/>.
/// </summary>
public static partial class StatusPageValidation
{
    public const int MaxSlugLength = 63;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxUrlLength = 2000;
    public const int MaxDomainLength = 253;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 200;
    public const int MaxGroups = 50;

    /// <summary>As many as the largest page the benchmark serves, with room to spare.</summary>
    public const int MaxMonitorsPerGroup = 500;

    /// <summary>A DNS label: 1 to 63 of a-z, 0-9 and -, not starting or ending with -.</summary>
    public const string SlugPattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

    public static readonly string[] Visibilities = Enum.GetValues<StatusPageVisibility>().Select(StatusPageResponse.VisibilityName).ToArray();

    /// <summary>
    /// Validates <paramref name="request"/> onto <paramref name="page"/>: the errors by field, or none, and then the page
    /// carries the request (a new password hashed with <paramref name="hasher"/>; none given keeps the stored one).
    /// </summary>
    public static Dictionary<string, string[]> Apply(StatusPageRequest request, StatusPage page, IPasswordHasher<StatusPage> hasher)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var slug = SlugOf(request);
        if (string.IsNullOrEmpty(slug) || !IsLabel(slug))
        {
            Fail("slug", $"A slug is required: 1 to {MaxSlugLength} lower-case letters, digits and hyphens, not starting or ending with a hyphen (it is the page's address, /status/{{slug}}).");
        }

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitleLength)
        {
            Fail("title", $"A title of 1 to {MaxTitleLength} characters is required.");
        }

        var description = Blank(request.Description);
        if (description?.Length > MaxDescriptionLength)
        {
            Fail("description", $"At most {MaxDescriptionLength} characters.");
        }

        var logoUrl = Blank(request.LogoUrl);
        if (logoUrl is not null && (logoUrl.Length > MaxUrlLength || !Uri.TryCreate(logoUrl, UriKind.Absolute, out var logo)
                                    || logo.Scheme is not ("http" or "https") || logo.Host.Length == 0))
        {
            Fail("logoUrl", "An absolute http:// or https:// URL is required.");
        }

        var domain = DomainOf(request);
        if (domain is not null && !IsHostName(domain))
        {
            Fail("customDomain", "A host name is required, such as status.example.com: no scheme, port, path or IP address.");
        }

        var visibility = request.Visibility is null ? StatusPageVisibility.Public
            : Enum.GetValues<StatusPageVisibility>().FirstOrDefault(v => StatusPageResponse.VisibilityName(v) == request.Visibility, (StatusPageVisibility)(-1));
        if (!Enum.IsDefined(visibility))
        {
            Fail("visibility", $"Must be one of {string.Join(", ", Visibilities)}.");
        }

        var passwordHash = page.PasswordHash;
        if (request.Password is { } password)
        {
            if (visibility != StatusPageVisibility.Password)
            {
                Fail("password", "Only a page whose visibility is password takes one.");
            }
            else if (password.Length is < MinPasswordLength or > MaxPasswordLength)
            {
                Fail("password", $"Must be {MinPasswordLength} to {MaxPasswordLength} characters.");
            }
            else
            {
                passwordHash = hasher.HashPassword(page, password);
            }
        }
        else if (visibility == StatusPageVisibility.Password && passwordHash is null)
        {
            Fail("password", "A page whose visibility is password needs one.");
        }

        var groups = new List<StatusPageGroup>();
        var listed = new Dictionary<Guid, string>();
        foreach (var (group, i) in (request.Groups ?? []).Select((g, i) => (g, i)))
        {
            var name = group.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > MaxTitleLength)
            {
                Fail($"groups[{i}].name", $"A group name of 1 to {MaxTitleLength} characters is required.");
            }

            var monitors = new List<StatusPageMonitor>();
            foreach (var (monitor, j) in (group.Monitors ?? []).Select((m, j) => (m, j)))
            {
                var at = $"groups[{i}].monitors[{j}]";
                if (monitor.MonitorId is not { } id || id == Guid.Empty)
                {
                    Fail($"{at}.monitorId", "A monitor id is required.");
                }
                else if (!listed.TryAdd(id, at))
                {
                    Fail($"{at}.monitorId", $"The monitor is on the page already, at {listed[id]}.");
                }

                var displayName = monitor.DisplayName?.Trim();
                if (string.IsNullOrEmpty(displayName) || displayName.Length > MaxTitleLength)
                {
                    Fail($"{at}.displayName", $"A display name of 1 to {MaxTitleLength} characters is required: the page shows it instead of the monitor's own name.");
                }

                monitors.Add(new StatusPageMonitor { MonitorId = monitor.MonitorId ?? Guid.Empty, DisplayName = displayName ?? "" });
            }

            groups.Add(new StatusPageGroup { Name = name ?? "", Monitors = monitors });
        }

        if (errors.Count == 0)
        {
            page.Slug = slug!;
            page.Title = title!;
            page.Description = description;
            page.LogoUrl = logoUrl;
            page.CustomDomain = domain;
            page.Visibility = visibility;
            // A page that is no longer behind a password forgets it: making it private again asks for a new one.
            page.PasswordHash = visibility == StatusPageVisibility.Password ? passwordHash : null;
            page.ShowTargets = request.ShowTargets ?? false;
            page.ShowErrors = request.ShowErrors ?? false;
            page.Groups = groups;
        }

        return errors;
    }

    /// <summary>The slug as it is stored (whether valid or not).</summary>
    public static string? SlugOf(StatusPageRequest request) => request.Slug?.Trim();

    /// <summary>The custom domain as it is stored and matched on the Host header: lower case, without a final dot (whether valid or not).</summary>
    public static string? DomainOf(StatusPageRequest request) => Blank(request.CustomDomain)?.ToLowerInvariant().TrimEnd('.');

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // The whole text must match: '$' also matches before a final newline.
    private static bool IsLabel(string text) => text.Length <= MaxSlugLength && Label().Match(text) is { Success: true } match && match.Length == text.Length;

    /// <summary>A DNS name of labels, the last not all digits (an IP address is matched on no page's Host).</summary>
    private static bool IsHostName(string host) =>
        host.Length <= MaxDomainLength && !IPAddress.TryParse(host, out _) && host.Split('.') is var labels
        && labels.All(IsLabel) && !labels[^1].All(char.IsAsciiDigit);

    [GeneratedRegex(SlugPattern)]
    private static partial Regex Label();
}
