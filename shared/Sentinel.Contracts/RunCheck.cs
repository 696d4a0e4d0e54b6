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

    /// <summary>Request body for HTTP checks, sent as UTF-8; null sends none.</summary>
    public string? Body { get; init; }

    /// <summary>Content-Type of <see cref="Body"/> (<c>application/json</c>); null without a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>User name for HTTP basic authentication; null for none.</summary>
    public string? BasicAuthUsername { get; init; }

    /// <summary>Password for HTTP basic authentication, with <see cref="BasicAuthUsername"/>.</summary>
    public string? BasicAuthPassword { get; init; }

    /// <summary>Token sent as <c>Authorization: Bearer</c> on HTTP checks; null for none.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Whether HTTP checks follow redirects (at most 5); when false, the 3xx answer is the result.</summary>
    public bool FollowRedirects { get; init; } = true;

    /// <summary>Whether HTTPS checks verify the server's certificate; when false, any certificate is accepted.</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>Status codes that count as up; empty means any 2xx.</summary>
    public IReadOnlyList<int> ExpectedStatusCodes { get; init; } = [];

    /// <summary>
    /// Conditions that must all hold for the check to be up (<c>[STATUS] == 200</c>, <c>[BODY].status == UP</c>);
    /// when any are given, they decide instead of <see cref="ExpectedStatusCodes"/>. Empty means the defaults.
    /// </summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>How long the probe may take, in seconds.</summary>
    public required int TimeoutSeconds { get; init; }

    /// <summary>
    /// Extra attempts after a failed one, each after <see cref="RetryDelaySeconds"/> and with the whole
    /// <see cref="TimeoutSeconds"/>, before the check counts as down; 0 probes once.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>Pause between a failed attempt and its retry, in seconds.</summary>
    public const int RetryDelaySeconds = 1;

    /// <summary>Consecutive failures that turn the monitor down.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>Consecutive successes that turn the monitor up.</summary>
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>When the check was due (UTC); orders results and measures schedule lag.</summary>
    public required DateTime ScheduledAt { get; init; }
}
