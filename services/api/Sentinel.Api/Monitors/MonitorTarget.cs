namespace Sentinel.Api.Monitors;

/// <summary>What a monitor's URL says about its check. The scheme picks the probe in the checker.</summary>
public static class MonitorTarget
{
    public static readonly string[] Schemes = ["http", "https", "tcp", "tls", "dns", "icmp"];

    /// <summary>The record types a dns:// check can query.</summary>
    public static readonly string[] DnsTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"];

    /// <summary>Returns null when <paramref name="url"/> is a target Sentinel can check, otherwise why not.</summary>
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A URL is required, for example https://example.com/health or tcp://db.internal:5432.";
        }

        if (url.Length > 2048)
        {
            return "The URL is longer than 2048 characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return $"'{url}' is not an absolute URL with a host.";
        }

        if (!Schemes.Contains(uri.Scheme))
        {
            return $"Unsupported scheme '{uri.Scheme}': use one of {string.Join(", ", Schemes.Select(s => s + "://"))}.";
        }

        return uri.Scheme switch
        {
            "tcp" => ValidateHostAndPort(uri, "tcp://db.internal:5432"),
            "tls" => ValidateHostAndPort(uri, "tls://mail.example.com:993"),
            "dns" => ValidateDns(uri),
            "icmp" => ValidateIcmp(uri),
            _ => null,
        };
    }

    private static string? ValidateHostAndPort(Uri uri, string example)
    {
        if (uri.IsDefaultPort || uri.Port is < 1 or > 65535)
        {
            return $"A {uri.Scheme}:// URL needs a port, for example {example}.";
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return $"A {uri.Scheme}:// URL is host and port only, for example {example}.";
        }

        return null;
    }

    /// <summary><c>icmp://host</c>: an echo request has no port, path or parameters.</summary>
    private static string? ValidateIcmp(Uri uri)
    {
        const string example = "for example icmp://router.internal or icmp://10.0.0.1";
        if (!uri.IsDefaultPort)
        {
            return $"An icmp:// URL takes no port (ICMP has none), {example}.";
        }

        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return $"An icmp:// URL is the host only, {example}.";
        }

        return null;
    }

    /// <summary><c>dns://resolver[:port]/name?type=A</c>: the resolver to ask, the name to ask about, the record type.</summary>
    private static string? ValidateDns(Uri uri)
    {
        const string example = "for example dns://1.1.1.1/example.com?type=A";
        var name = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (name.Length == 0)
        {
            return $"A dns:// URL needs the name to look up after the resolver, {example}.";
        }

        if (!IsDnsName(name))
        {
            return $"'{name}' is not a valid DNS name: dot-separated labels of letters, digits, '-' or '_', each at most 63 characters, 253 in all.";
        }

        if (uri.Fragment.Length > 0)
        {
            return $"A dns:// URL takes no fragment, {example}.";
        }

        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return null;
        }

        if (!query.StartsWith("type=", StringComparison.Ordinal) || query.Contains('&'))
        {
            return $"A dns:// URL takes only ?type=, {example}.";
        }

        var type = Uri.UnescapeDataString(query["type=".Length..]);
        return DnsTypes.Contains(type.ToUpperInvariant())
            ? null
            : $"Unknown DNS record type '{type}': use one of {string.Join(", ", DnsTypes)}.";
    }

    private static bool IsDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length is > 0 and <= 253
            && trimmed.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }
}
