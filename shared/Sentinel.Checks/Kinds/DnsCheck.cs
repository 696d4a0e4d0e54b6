using System.Text.Json.Serialization;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

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

/// <summary>
/// <c>dns://resolver[:port]/name?type=A</c>: one query over UDP to that resolver for the name and record type (A by
/// default).
/// </summary>
public sealed record DnsCheck : ProbeCheck
{
    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => [.. Always, Placeholder.DnsRcode, Placeholder.Ip, Placeholder.DnsAnswer];

    public const int DefaultPort = 53;

    /// <summary>The name to look up.</summary>
    [JsonIgnore]
    public string Name => Uri.UnescapeDataString(Target.AbsolutePath.TrimStart('/'));

    /// <summary>The record type asked for.</summary>
    [JsonIgnore]
    public DnsType Type => Target.Query.StartsWith("?type=", StringComparison.Ordinal)
        ? Enum.Parse<DnsType>(Uri.UnescapeDataString(Target.Query["?type=".Length..]), ignoreCase: true)
        : DnsType.A;

    /// <summary>System.Uri knows no port for dns://: resolvers answer on 53.</summary>
    public override (string Host, int Port) Endpoint() => (Target.IdnHost, Target.Port > 0 ? Target.Port : DefaultPort);

    protected override string? UrlProblem(Uri url)
    {
        const string example = "for example dns://1.1.1.1/example.com?type=A";
        var name = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (name.Length == 0)
        {
            return $"A dns:// URL needs the name to look up after the resolver, {example}.";
        }

        if (!IsDnsName(name))
        {
            return $"'{name}' is not a valid DNS name: dot-separated labels of letters, digits, '-' or '_', each at most 63 characters, 253 in all.";
        }

        if (url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            return $"A dns:// URL takes no fragment or user, {example}.";
        }

        var query = url.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return null;
        }

        if (!query.StartsWith("type=", StringComparison.Ordinal) || query.Contains('&'))
        {
            return $"A dns:// URL takes only ?type=, {example}.";
        }

        var type = Uri.UnescapeDataString(query["type=".Length..]);
        return Enum.GetNames<DnsType>().Contains(type.ToUpperInvariant())
            ? null
            : $"Unknown DNS record type '{type}': use one of {string.Join(", ", Enum.GetNames<DnsType>())}.";
    }

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;

    private static bool IsDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length is > 0 and <= 253
            && trimmed.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }
}
