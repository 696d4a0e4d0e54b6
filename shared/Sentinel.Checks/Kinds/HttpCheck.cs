using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary>HTTP basic authentication; the password is a secret.</summary>
public sealed record BasicAuth(
    [property: MaxLength(BasicAuth.MaxUsernameLength)] string Username,
    [property: MaxLength(BasicAuth.MaxPasswordLength)] string Password)
{
    public const int MaxUsernameLength = 256;
    public const int MaxPasswordLength = 1024;
}

/// <summary>
/// <c>http://</c> and <c>https://</c>: one request. Without conditions, up when the status code is expected (any
/// 2xx by default).
/// </summary>
public sealed record HttpCheck : ProbeCheck
{
    public const int MaxHeaders = 50;
    public const int MaxExpectedStatusCodes = 50;
    public const int MaxHeaderNameLength = 256;
    public const int MaxHeaderValueLength = 8192;
    public const int MaxContentTypeLength = 256;
    public const int MaxBearerTokenLength = 4096;
    public const int LowestStatusCode = 100;
    public const int HighestStatusCode = 599;

    // Half the api's default request cap (Api:MaxRequestBodyBytes, 64 KiB), so a monitor with the largest body still fits.
    public const int MaxBodyBytes = 32 * 1024;
    public const string DefaultContentType = "application/json";

    // The methods as Method declares them, for the OpenAPI document too.
    private static readonly object?[] Methods = typeof(HttpCheck).GetProperty(nameof(Method))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values;

    /// <summary>The request method, in any case.</summary>
    [AllowedValues("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")]
    public string Method { get; init; } = "GET";

    [MaxLength(MaxHeaders)]
    [Items(MaxLength = MaxHeaderValueLength, KeyMaxLength = MaxHeaderNameLength)]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body, sent as UTF-8; null sends none.</summary>
    [MaxLength(MaxBodyBytes)]
    public string? Body { get; init; }

    /// <summary>Content-Type of <see cref="Body"/>; application/json when a body is given without one.</summary>
    [MaxLength(MaxContentTypeLength)]
    public string? ContentType { get; init; }
    public BasicAuth? BasicAuth { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; a secret.</summary>
    [MaxLength(MaxBearerTokenLength)]
    public string? BearerToken { get; init; }

    /// <summary>Whether redirects are followed (at most 5); when false, the 3xx answer is the result.</summary>
    public bool FollowRedirects { get; init; } = true;

    /// <summary>Whether https:// checks verify the server's certificate.</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>Status codes that count as up without conditions; empty means any 2xx.</summary>
    [MaxLength(MaxExpectedStatusCodes)]
    [Items(Minimum = LowestStatusCode, Maximum = HighestStatusCode)]
    public IReadOnlyList<int> ExpectedStatusCodes { get; init; } = [];

    public override CheckSpec Masked() => (HttpCheck)base.Masked() with
    {
        BasicAuth = BasicAuth is null ? null : BasicAuth with { Password = SecretText.Mask(BasicAuth.Password)! },
        BearerToken = SecretText.Mask(BearerToken),
    };

    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => scheme == "https"
        ? [.. Always, Placeholder.Status, Placeholder.Body, Placeholder.DomainExpiration, Placeholder.CertificateExpiration]
        : [.. Always, Placeholder.Status, Placeholder.Body, Placeholder.DomainExpiration];

    protected override string? UrlProblem(Uri url) => null;

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors)
    {
        var previous = stored as HttpCheck;
        var method = (Method ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            errors.Add("method", $"Must be one of {string.Join(", ", Methods)}.");
        }

        var headers = Headers ?? new Dictionary<string, string>();
        if (headers.Count > MaxHeaders)
        {
            errors.Add("headers", $"At most {MaxHeaders} headers.");
        }
        else if (headers.FirstOrDefault(h => !IsHeaderName(h.Key) || !IsHeaderValue(h.Value)) is { Key: not null } bad)
        {
            errors.Add("headers", $"Header '{bad.Key}' is not a valid header name and value.");
        }

        if (Body is { } body && Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            errors.Add("body", $"The body is larger than {MaxBodyBytes / 1024} KiB.");
        }

        var contentType = ContentType?.Trim();
        if (contentType is not null && Body is null)
        {
            errors.Add("contentType", "Only with a body.");
        }
        else if (contentType is not null && (contentType.Length > MaxContentTypeLength || !MediaTypeHeaderValue.TryParse(contentType, out _)))
        {
            errors.Add("contentType", $"'{contentType}' is not a media type such as application/json.");
        }

        var basic = BasicAuth is { } b ? b with { Password = SecretText.Unmask(b.Password, previous?.BasicAuth?.Password)! } : null;
        if (basic is not null)
        {
            if (basic.Username is not { Length: > 0 and <= BasicAuth.MaxUsernameLength } || basic.Username.Contains(':') || basic.Username.Any(char.IsControl))
            {
                errors.Add("basicAuth.username", $"Required: 1 to {BasicAuth.MaxUsernameLength} characters, without ':' or control characters.");
            }

            if (basic.Password is null || basic.Password.Length > BasicAuth.MaxPasswordLength || basic.Password.Any(char.IsControl))
            {
                errors.Add("basicAuth.password", $"Required: at most {BasicAuth.MaxPasswordLength} characters, without control characters.");
            }
        }

        var token = SecretText.Unmask(BearerToken, previous?.BearerToken);
        if (token is not null && (token.Length is 0 or > MaxBearerTokenLength || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add("bearerToken", $"Must be 1 to {MaxBearerTokenLength} characters, without spaces or control characters.");
        }

        if (basic is not null && token is not null)
        {
            errors.Replace("bearerToken", "Use basicAuth or bearerToken, not both.");
        }

        if ((basic is not null || token is not null) && headers.Keys.Any(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Replace("headers", "An Authorization header and basicAuth or bearerToken cannot be given together.");
        }

        var expected = ExpectedStatusCodes ?? [];
        if (expected.Count > MaxExpectedStatusCodes)
        {
            errors.Add("expectedStatusCodes", $"At most {MaxExpectedStatusCodes} status codes.");
        }
        else if (expected.Any(c => c is < LowestStatusCode or > HighestStatusCode))
        {
            errors.Add("expectedStatusCodes", $"Status codes are between {LowestStatusCode} and {HighestStatusCode}.");
        }

        if (resolved.Conditions.Count > 0 && expected.Count > 0)
        {
            errors.Add("expectedStatusCodes", "Not used with conditions, which decide alone: write the codes as a condition, e.g. [STATUS] == any(200, 404).");
        }

        return (HttpCheck)resolved with
        {
            Method = method,
            Headers = new Dictionary<string, string>(headers),
            ContentType = Body is null ? null : contentType ?? DefaultContentType,
            BasicAuth = basic,
            BearerToken = token,
            ExpectedStatusCodes = expected.Distinct().Order().ToList(),
        };
    }

    /// <summary>Whether <paramref name="status"/> counts as up without conditions.</summary>
    public bool Expects(int status) =>
        ExpectedStatusCodes.Count == 0 ? status is >= 200 and < 300 : ExpectedStatusCodes.Contains(status);

    // RFC 9110 token characters for names; no control characters (CR/LF would split the request) in values.
    private static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= MaxHeaderNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsHeaderValue(string? value) =>
        value is { Length: <= MaxHeaderValueLength } && !value.Any(char.IsControl);
}
