using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Sentinel.Api;

/// <summary>Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>
    /// Bootstrap keys with the write scope, for first start and automation; <c>Api__Keys__0</c>, <c>Api__Keys__1</c>…
    /// in the environment. Further keys are created through <c>POST /api/v1/keys</c>.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Reverse proxies (an Ingress controller, a load balancer) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed, as addresses or CIDR networks (<c>10.0.0.0/8</c>); empty, none is, and
    /// the client is whoever connected. Limits per client (public pages, failed logins) need the real client's address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The most <see cref="MaxApplyBodyBytes"/> may be set to.</summary>
    public const int LargestApplyBodyBytes = 100 * 1024 * 1024;

    /// <summary>Largest body of <c>POST /api/v1/apply</c>, in bytes: a whole folder of config documents.</summary>
    [Range(1024, LargestApplyBodyBytes)]
    public int MaxApplyBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>A <see cref="TrustedProxies"/> entry as a network (an address alone is a network of one); null if it is neither.</summary>
    public static IPNetwork? ProxyNetwork(string entry) =>
        IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
        : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Keys.Any(k => !string.IsNullOrWhiteSpace(k)))
        {
            yield return new ValidationResult("No API key is configured: set Api__Keys__0 (at least 16 characters).", [nameof(Keys)]);
        }

        if (Keys.Any(k => !string.IsNullOrWhiteSpace(k) && k.Length < 16))
        {
            yield return new ValidationResult("API keys must be at least 16 characters long.", [nameof(Keys)]);
        }

        foreach (var proxy in TrustedProxies.Where(p => ProxyNetwork(p) is null))
        {
            yield return new ValidationResult($"Api:TrustedProxies: '{proxy}' is neither an IP address nor a CIDR network (10.0.0.0/8).", [nameof(TrustedProxies)]);
        }

        var limits = new List<ValidationResult>();
        Validator.TryValidateObject(RateLimits, new ValidationContext(RateLimits), limits, validateAllProperties: true);
        foreach (var limit in limits)
        {
            yield return new ValidationResult($"Api:RateLimits: {limit.ErrorMessage}", limit.MemberNames);
        }
    }
}

public sealed class RateLimitOptions
{
    /// <summary>Changes (anything but GET) one key may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerMinute { get; set; } = 300;

    /// <summary>Keys one key may create per hour.</summary>
    [Range(1, 10_000)]
    public int KeyCreationsPerHour { get; set; } = 20;

    /// <summary>Failed authentications one client address may make per minute before it gets 429s.</summary>
    [Range(1, 10_000)]
    public int FailedAuthenticationsPerMinute { get; set; } = 10;
}
