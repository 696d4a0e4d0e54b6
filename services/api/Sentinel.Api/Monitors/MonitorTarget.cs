namespace Sentinel.Api.Monitors;

/// <summary>What a monitor's URL says about its check. The scheme picks the probe in the checker.</summary>
public static class MonitorTarget
{
    public static readonly string[] Schemes = ["http", "https", "tcp"];

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

        if (uri.Scheme == "tcp")
        {
            if (uri.IsDefaultPort || uri.Port is < 1 or > 65535)
            {
                return "A tcp:// URL needs a port, for example tcp://db.internal:5432.";
            }

            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                return "A tcp:// URL is host and port only, for example tcp://db.internal:5432.";
            }
        }

        return null;
    }
}
