using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api;

/// <summary>Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>Keys accepted in <c>X-API-Key</c>; <c>Api__Keys__0</c>, <c>Api__Keys__1</c>… in the environment.</summary>
    public List<string> Keys { get; set; } = [];

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
    }
}
