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
}

/// <summary>What a condition's left side yields, which decides the operators and values it accepts.</summary>
internal enum ValueKind
{
    Number,
    Text,
    Boolean,
    Duration,
}

/// <summary>Names, kinds and the URL schemes each placeholder applies to.</summary>
public static class Placeholders
{
    private static readonly (Placeholder Placeholder, string Name, string[] Schemes)[] Known =
    [
        (Placeholder.Status, "STATUS", ["http", "https"]),
        (Placeholder.ResponseTime, "RESPONSE_TIME", ["http", "https", "tcp", "tls", "dns", "icmp"]),
        (Placeholder.Body, "BODY", ["http", "https"]),
        (Placeholder.Connected, "CONNECTED", ["http", "https", "tcp", "tls", "dns", "icmp"]),
        (Placeholder.CertificateExpiration, "CERTIFICATE_EXPIRATION", ["https", "tls"]),
        (Placeholder.DnsRcode, "DNS_RCODE", ["dns"]),
        (Placeholder.Ip, "IP", ["dns"]),
        (Placeholder.DnsAnswer, "DNS_ANSWER", ["dns"]),
    ];

    /// <summary>Every placeholder as written in a condition, for messages: "[STATUS], [RESPONSE_TIME], …".</summary>
    public static string List { get; } = string.Join(", ", Known.Select(k => $"[{k.Name}]"));

    /// <summary>How <paramref name="placeholder"/> is written: <c>[STATUS]</c>.</summary>
    public static string Written(Placeholder placeholder) => $"[{Array.Find(Known, k => k.Placeholder == placeholder).Name}]";

    /// <summary>The URL schemes whose checks observe <paramref name="placeholder"/>.</summary>
    public static IReadOnlyList<string> Schemes(Placeholder placeholder) => Array.Find(Known, k => k.Placeholder == placeholder).Schemes;

    internal static Placeholder? Find(string name) =>
        Array.FindIndex(Known, k => k.Name == name) is var i and >= 0 ? Known[i].Placeholder : null;

    /// <summary>Whether <paramref name="placeholder"/> stands for several values, any of which may satisfy a condition.</summary>
    internal static bool IsList(Placeholder placeholder) => placeholder is Placeholder.Ip or Placeholder.DnsAnswer;

    internal static ValueKind Kind(Placeholder placeholder) => placeholder switch
    {
        Placeholder.Status or Placeholder.ResponseTime => ValueKind.Number,
        Placeholder.Connected => ValueKind.Boolean,
        Placeholder.CertificateExpiration => ValueKind.Duration,
        _ => ValueKind.Text,
    };
}
