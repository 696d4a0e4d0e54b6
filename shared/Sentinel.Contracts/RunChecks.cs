namespace Sentinel.Contracts;

/// <summary>
/// Checks for the checkers, several to a message: the broker's work is per message, and at thousands of checks a
/// second one message per check made RabbitMQ the largest cost of a check (docs/benchmarks.md). The checks run
/// independently; the message is acknowledged once every result is published.
/// </summary>
public sealed record RunChecks
{
    /// <summary>The checks, each for a different monitor.</summary>
    public required IReadOnlyList<RunCheck> Checks { get; init; }
}
