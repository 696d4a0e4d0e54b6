namespace Sentinel.Contracts;

/// <summary>Probe a target once. Carries everything the checker needs: it has no database.</summary>
public sealed record RunCheck
{
    /// <summary>Unique per dispatch; the key of the result row, so a redelivered check is recorded once.</summary>
    public required Guid CheckId { get; init; }

    /// <summary>The monitor this check belongs to.</summary>
    public required Guid MonitorId { get; init; }

    /// <summary>The target; its scheme picks the probe (<c>http</c>, <c>https</c>, <c>tcp</c>).</summary>
    public required string Url { get; init; }

    /// <summary>HTTP method for HTTP checks.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Request headers for HTTP checks.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Status codes that count as up; empty means any 2xx.</summary>
    public IReadOnlyList<int> ExpectedStatusCodes { get; init; } = [];

    /// <summary>
    /// Conditions that must all hold for the check to be up (<c>[STATUS] == 200</c>, <c>[BODY].status == UP</c>);
    /// when any are given, they decide instead of <see cref="ExpectedStatusCodes"/>. Empty means the defaults.
    /// </summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>How long the probe may take, in seconds.</summary>
    public required int TimeoutSeconds { get; init; }

    /// <summary>Consecutive failures that turn the monitor down.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>Consecutive successes that turn the monitor up.</summary>
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>When the check was due (UTC); orders results and measures schedule lag.</summary>
    public required DateTime ScheduledAt { get; init; }
}
