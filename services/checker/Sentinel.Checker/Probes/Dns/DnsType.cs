namespace Sentinel.Checker.Probes.Dns;

/// <summary>The record types a dns:// check can query, with their codes on the wire (RFC 1035, RFC 3596).</summary>
public enum DnsType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}
