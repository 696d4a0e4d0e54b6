namespace Sentinel.Api.Dashboard;

/// <summary>
/// A form's validation messages by field name, shown the way every dashboard form shows them: the field gets
/// <c>aria-invalid</c> and <c>aria-describedby</c> (<see cref="For"/>), and right after it a
/// <c>&lt;p class="field-error" id="error-{field}"&gt;</c> (<see cref="FieldError"/>).
/// </summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    private static readonly IReadOnlyDictionary<string, object> None = new Dictionary<string, object>();

    /// <summary>The attributes for the field's input: none while it has no message.</summary>
    public IReadOnlyDictionary<string, object> For(string field) => ContainsKey(field)
        ? new Dictionary<string, object> { ["aria-invalid"] = "true", ["aria-describedby"] = $"error-{field}" }
        : None;
}
