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

    /// <summary>Time from the check to the expiry of the target host's registered domain; negative once expired.</summary>
    public TimeSpan? DomainExpiresIn { get; init; }

    /// <summary>Response code of a DNS answer: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …</summary>
    public string? DnsRcode { get; init; }

    /// <summary>Addresses of a DNS answer's A and AAAA records, in the order the resolver gave them.</summary>
    public IReadOnlyList<string>? Addresses { get; init; }

    /// <summary>Data, as text, of a DNS answer's records of the queried type, in the order the resolver gave them.</summary>
    public IReadOnlyList<string>? Answers { get; init; }

    /// <summary>The first column of the first row a database check's query returned, as text; null for no row or NULL.</summary>
    public string? Result { get; init; }
}
