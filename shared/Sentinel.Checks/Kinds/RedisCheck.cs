using System.Globalization;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary>
/// <c>redis://[[user]:password@]host[:port][/database]</c>, or <c>rediss://</c> over TLS: one connection that
/// authenticates when the URL has a password (as the ACL user when it names one), selects the database when it
/// names one, and sends PING. Up on PONG.
/// </summary>
public sealed record RedisCheck : ProbeCheck
{
    public const int DefaultPort = 6379;

    private const string Form = "[[user]:password@]host[:port][/database]";

    // What the URL says, as methods: a property would be written into the stored and shown JSON (a second copy of
    // the password) and taken as a field of the monitor document.

    /// <summary>Whether the connection speaks TLS (rediss://).</summary>
    public bool UsesTls() => Target.Scheme == "rediss";

    /// <summary>The ACL user (null for the default user) and the password to authenticate with; no password sends no AUTH.</summary>
    public (string? User, string? Password) Credentials()
    {
        var info = Target.UserInfo;
        var colon = info.IndexOf(':');
        if (colon < 0)
        {
            return (null, null);
        }

        var user = Uri.UnescapeDataString(info[..colon]);
        return (user.Length > 0 ? user : null, Uri.UnescapeDataString(info[(colon + 1)..]));
    }

    /// <summary>The database selected before PING; null keeps the server's default (0).</summary>
    public int? Database() => DatabaseText(Target) is { Length: > 0 } number ? int.Parse(number, CultureInfo.InvariantCulture) : null;

    /// <summary>System.Uri knows no port for redis://: servers listen on 6379, with TLS or without.</summary>
    public override (string Host, int Port) Endpoint() => (Target.IdnHost, Target.Port > 0 ? Target.Port : DefaultPort);

    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => Always;

    // The messages never repeat the URL: it may hold the password.
    protected override string? UrlProblem(Uri url)
    {
        var example = $"for example {url.Scheme}://:password@cache.internal:6379/0";
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return $"A {url.Scheme}:// URL is {url.Scheme}://{Form}, without query or fragment, {example}.";
        }

        if (!url.IsDefaultPort && url.Port is < 1 or > 65535)
        {
            return $"A {url.Scheme}:// URL's port is between 1 and 65535 (6379 when left out), {example}.";
        }

        if (DatabaseText(url) is { Length: > 0 } number && !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return $"A {url.Scheme}:// URL's path is the database number only, {example}.";
        }

        if (url.UserInfo.Length > 0 && url.UserInfo.IndexOf(':') is var colon && (colon < 0 || colon == url.UserInfo.Length - 1))
        {
            return $"A {url.Scheme}:// URL with a user needs its password after a colon: {url.Scheme}://:password@host for the default user, "
                   + $"{url.Scheme}://user:password@host for an ACL user.";
        }

        return null;
    }

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;

    /// <summary>The path after its leading slash: the database number, when there is one.</summary>
    private static string DatabaseText(Uri url) => url.AbsolutePath.Length > 1 ? url.AbsolutePath[1..] : "";
}
