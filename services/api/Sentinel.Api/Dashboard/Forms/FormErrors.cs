namespace Sentinel.Api.Dashboard.Forms;

/// <summary>
/// The api's validation errors (keyed by its field names: <c>url</c>, <c>conditions[2]</c>, <c>config.to</c>) placed
/// on a form: each beside the input it names, or, when the form has no input for it, in the summary at the top.
/// </summary>
public sealed class FormErrors
{
    public static readonly FormErrors None = new(new Dictionary<string, string[]>(), []);

    private readonly Dictionary<string, List<FieldError>> _byInput = [];

    /// <param name="errors">What the write or test refused, as <c>Outcome.Errors</c> has it.</param>
    /// <param name="inputs">The api field name of each input the form shows.</param>
    public FormErrors(IReadOnlyDictionary<string, string[]> errors, IReadOnlyCollection<string> inputs)
    {
        var unplaced = new List<FieldError>();
        foreach (var (key, messages) in errors)
        {
            var error = new FieldError(key, string.Join(" ", messages));
            if (InputFor(key, inputs) is { } input)
            {
                (_byInput.TryGetValue(input, out var list) ? list : _byInput[input] = []).Add(error);
            }
            else
            {
                unplaced.Add(error);
            }
        }

        Unplaced = unplaced;
        Count = errors.Count;
    }

    /// <summary>A refusal a page found itself (a taken user name, a wrong code), shown beside the input it names.</summary>
    public static FormErrors Beside(string input, string message) =>
        new(new Dictionary<string, string[]> { [input] = [message] }, [input]);

    public int Count { get; }

    /// <summary>Errors about fields the form has no input for, to be shown in the summary.</summary>
    public IReadOnlyList<FieldError> Unplaced { get; }

    public IReadOnlyList<FieldError> For(string input) => _byInput.TryGetValue(input, out var list) ? list : [];

    /// <summary><c>aria-invalid</c> of the input: "true", or null to leave the attribute out.</summary>
    public string? Invalid(string input) => For(input).Count > 0 ? "true" : null;

    /// <summary><c>aria-describedby</c> of the input: its errors when it has any, otherwise its hint (or nothing).</summary>
    public string? DescribedBy(string input, string? hintId = null) =>
        For(input) is { Count: > 0 } errors ? string.Join(" ", errors.Select(e => e.Id)) : hintId;

    /// <summary>
    /// The input an error key belongs to: the input of that name, or of the nearest enclosing field
    /// (<c>conditions[2]</c> and <c>headers.X-Trace</c> belong to <c>conditions</c> and <c>headers</c>).
    /// </summary>
    private static string? InputFor(string key, IReadOnlyCollection<string> inputs)
    {
        for (var name = key; name.Length > 0; name = name[..Math.Max(0, name.LastIndexOfAny(['.', '[']))])
        {
            if (inputs.Contains(name))
            {
                return name;
            }
        }

        return null;
    }
}

/// <summary>One refused field: <see cref="Id"/> is the id of the paragraph that shows it, <c>error-{field}</c>.</summary>
public sealed record FieldError(string Field, string Message)
{
    public string Id => $"error-{Field}";
}
