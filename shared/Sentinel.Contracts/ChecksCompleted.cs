namespace Sentinel.Contracts;

/// <summary>
/// Results for the recorder, several to a message for the same reason as <see cref="RunChecks"/>: a checker gathers
/// the results that finish within a few milliseconds of each other, so a slow check never holds back another's.
/// </summary>
public sealed record ChecksCompleted
{
    /// <summary>The results, in no particular order.</summary>
    public required IReadOnlyList<CheckCompleted> Results { get; init; }
}
