namespace Sentinel.Channels;

/// <summary>How a webhook URL, which carries its credential in the path, is shown: its host and last characters.</summary>
public static class SecretUrl
{
    /// <summary><c>https://hooks.slack.com/services/T0/B0/XyZ9abcd</c> becomes <c>https://hooks.slack.com/…abcd</c>.</summary>
    public static string? Mask(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url is null ? null : "…";
        }

        var rest = uri.PathAndQuery.TrimStart('/');
        return rest.Length == 0 ? $"{uri.Scheme}://{uri.Authority}/" : $"{uri.Scheme}://{uri.Authority}/…{rest[^Math.Min(4, rest.Length / 3)..]}";
    }

    /// <summary>A URL sent back as the api showed it stands for the stored one.</summary>
    public static string? Unmask(string? sent, string? stored) =>
        sent is not null && stored is not null && sent == Mask(stored) ? stored : sent;

}
