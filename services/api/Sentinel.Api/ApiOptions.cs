using System.ComponentModel.DataAnnotations;

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

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

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
