namespace Sentinel.Conditions;

/// <summary>A value a check observes and a condition can test.</summary>
public enum Placeholder
{
    /// <summary><c>[STATUS]</c>: the HTTP status code.</summary>
    Status,

    /// <summary><c>[RESPONSE_TIME]</c>: the check's latency in milliseconds.</summary>
    ResponseTime,

    /// <summary><c>[BODY]</c>: the response body as text, or a value in it by JSON path.</summary>
    Body,

    /// <summary><c>[CONNECTED]</c>: whether a connection to the target was established (ICMP: whether an echo reply came).</summary>
    Connected,

    /// <summary><c>[CERTIFICATE_EXPIRATION]</c>: time left until the server certificate's NotAfter.</summary>
    CertificateExpiration,

    /// <summary><c>[DNS_RCODE]</c>: the response code of a DNS answer (NOERROR, NXDOMAIN, …).</summary>
    DnsRcode,

    /// <summary><c>[IP]</c>: the addresses of a DNS answer's A and AAAA records; a condition holds when one of them does.</summary>
    Ip,

    /// <summary><c>[DNS_ANSWER]</c>: the data of a DNS answer's records of the queried type; a condition holds when one of them does.</summary>
    DnsAnswer,

    /// <summary><c>[DOMAIN_EXPIRATION]</c>: time left until the registered domain of the target host expires.</summary>
    DomainExpiration,

    /// <summary><c>[RESULT]</c>: the first column of the first row a database check's query returned, as text.</summary>
    Result,
}

/// <summary>What a placeholder side yields, which decides the operators and values it accepts.</summary>
internal enum ValueKind
{
    Number,

    /// <summary>A number of milliseconds, which a condition may also write as a duration (<c>500</c>, <c>1s</c>).</summary>
    Milliseconds,
    Text,
    Boolean,
    Duration,
}

/// <summary>Names, kinds and the URL schemes each placeholder applies to.</summary>
public static class Placeholders
{
    private static readonly (Placeholder Placeholder, string Name)[] Known =
    [
        (Placeholder.Status, "STATUS"),
        (Placeholder.ResponseTime, "RESPONSE_TIME"),
        (Placeholder.Body, "BODY"),
        (Placeholder.Connected, "CONNECTED"),
        (Placeholder.CertificateExpiration, "CERTIFICATE_EXPIRATION"),
        (Placeholder.DomainExpiration, "DOMAIN_EXPIRATION"),
        (Placeholder.DnsRcode, "DNS_RCODE"),
        (Placeholder.Ip, "IP"),
        (Placeholder.DnsAnswer, "DNS_ANSWER"),
        (Placeholder.Result, "RESULT"),
    ];

    /// <summary>Every placeholder as written in a condition, for messages: "[STATUS], [RESPONSE_TIME], …".</summary>
    public static string List { get; } = string.Join(", ", Known.Select(k => $"[{k.Name}]"));

    /// <summary>How <paramref name="placeholder"/> is written: <c>[STATUS]</c>.</summary>
    public static string Written(Placeholder placeholder) => $"[{Array.Find(Known, k => k.Placeholder == placeholder).Name}]";

    /// <summary>The placeholder named <paramref name="name"/>, in any case, as Gatus reads names.</summary>
    internal static Placeholder? Find(string name) =>
        Array.FindIndex(Known, k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? Known[i].Placeholder : null;

    internal static ValueKind Kind(Placeholder placeholder) => placeholder switch
    {
        Placeholder.Status => ValueKind.Number,
        Placeholder.ResponseTime => ValueKind.Milliseconds,
        Placeholder.Connected => ValueKind.Boolean,
        Placeholder.CertificateExpiration or Placeholder.DomainExpiration => ValueKind.Duration,
        _ => ValueKind.Text,
    };
}
