namespace Sentinel.Checks;

/// <summary>
/// Problems with a document, one message per field (the first said wins unless <see cref="Replace"/> is used),
/// keyed as the api's problem details name them: <c>url</c>, <c>basicAuth.username</c>, <c>conditions[2]</c>.
/// </summary>
public sealed class CheckErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public int Count => _errors.Count;

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message) => _errors.TryAdd(field, [message]);

    /// <summary>Says <paramref name="message"/> about <paramref name="field"/> instead of anything said before.</summary>
    public void Replace(string field, string message) => _errors[field] = [message];

    public Dictionary<string, string[]> ToDictionary() => new(_errors);
}
