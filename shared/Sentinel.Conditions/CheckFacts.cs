namespace Sentinel.Conditions;

/// <summary>What one check observed, for conditions to test. A null value was not observed.</summary>
public sealed record CheckFacts
{
    /// <summary>HTTP status code of the answer.</summary>
    public int? Status { get; init; }

    /// <summary>The check's latency, in milliseconds.</summary>
    public double? ResponseTimeMs { get; init; }

    /// <summary>The response body, decoded as UTF-8; only read when a condition uses <c>[BODY]</c>.</summary>
    public string? Body { get; init; }

    /// <summary>Whether a connection to the target was established.</summary>
    public bool Connected { get; init; }

    /// <summary>Time from the check to the server certificate's NotAfter; negative once expired.</summary>
    public TimeSpan? CertificateExpiresIn { get; init; }
}
