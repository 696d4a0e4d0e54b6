namespace Sentinel.Api.Http;

/// <summary>
/// What a write or a test came to, for the REST handlers and the dashboard alike (<c>MonitorWrites</c>,
/// <c>ChannelWrites</c>, <c>MonitorTests</c>): exactly one of <see cref="Value"/> (done), <see cref="Errors"/> (refused,
/// nothing saved), <see cref="NotFound"/> or <see cref="Problem"/> (another service gave no answer).
/// </summary>
public sealed class Outcome<T> where T : class
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private Outcome()
    {
    }

    /// <summary>What was saved or answered; null unless the outcome succeeded.</summary>
    public T? Value { get; private init; }

    /// <summary>
    /// Why the document was refused, one message list per field, keyed by the api's field names (<c>url</c>,
    /// <c>conditions[0]</c>, <c>config.webhookUrl</c>) as its validation problems show them; empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private init; } = NoErrors;

    /// <summary>No monitor or channel has the id.</summary>
    public bool NotFound { get; private init; }

    /// <summary>Another service (a checker, the alerter) was asked and gave no answer; null otherwise.</summary>
    public ServiceProblem? Problem { get; private init; }

    public bool Succeeded => Value is not null;

    public static Outcome<T> Done(T value) => new() { Value = value };

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 ? new() { Errors = errors } : throw new ArgumentException("An invalid outcome names at least one field.", nameof(errors));

    public static Outcome<T> Missing() => new() { NotFound = true };

    public static Outcome<T> Failed(ServiceProblem problem) => new() { Problem = problem };

    /// <summary>
    /// The outcome as the REST api answers it: <paramref name="success"/>, 400 validation problem details titled
    /// <paramref name="invalidTitle"/>, <paramref name="notFound"/> (for a write of an existing item), or the service
    /// problem's status.
    /// </summary>
    public IResult ToHttpResult(Func<T, IResult> success, string invalidTitle, Func<IResult>? notFound = null) =>
        Value is { } value ? success(value)
        : NotFound ? (notFound ?? throw new InvalidOperationException("A write of no existing item cannot miss it."))()
        : Problem is { } problem ? TypedResults.Problem(statusCode: problem.StatusCode, title: problem.Title, detail: problem.Detail)
        : TypedResults.ValidationProblem(Errors, title: invalidTitle);
}

/// <summary>
/// Why another service gave no answer: <see cref="StatusCode"/> 503 when none answered in time (is one running?),
/// 502 when it failed; <see cref="Title"/> and <see cref="Detail"/> say so to a person.
/// </summary>
public sealed record ServiceProblem(int StatusCode, string Title, string Detail);
