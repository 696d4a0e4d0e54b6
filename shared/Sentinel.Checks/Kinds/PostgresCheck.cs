using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary>How a postgres:// check asks for TLS: the values of libpq's <c>sslmode</c> that Sentinel takes.</summary>
public enum PostgresSslMode
{
    /// <summary>Plain TCP, no TLS.</summary>
    Disable,

    /// <summary>TLS when the server offers it, plain otherwise; the certificate is not verified (libpq's default).</summary>
    Prefer,

    /// <summary>TLS or no connection; the certificate is not verified.</summary>
    Require,

    /// <summary>TLS with the certificate verified: a chain to a trusted root, and issued for the URL's host.</summary>
    VerifyFull,
}

/// <summary>
/// <c>postgres://user:password@host[:port]/database[?sslmode=…]</c> (or <c>postgresql://</c>): logs in and runs
/// <see cref="Query"/> in a read-only transaction, up when it answers; the first column of its first row is
/// <c>[RESULT]</c>. The password is a secret: masked wherever the spec is shown.
/// </summary>
public sealed record PostgresCheck : ProbeCheck
{
    public const int DefaultPort = 5432;
    public const string DefaultQuery = "SELECT 1";
    public const int MaxQueryLength = 4096;

    /// <summary>One SELECT (or WITH … SELECT) to run; null runs <see cref="DefaultQuery"/>.</summary>
    [MaxLength(MaxQueryLength)]
    public string? Query { get; init; }

    private static readonly Dictionary<string, PostgresSslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = PostgresSslMode.Disable,
        ["prefer"] = PostgresSslMode.Prefer,
        ["require"] = PostgresSslMode.Require,
        ["verify-full"] = PostgresSslMode.VerifyFull,
    };

    /// <summary>The role to log in as.</summary>
    [JsonIgnore]
    public string Username => UserInfo(Target).Username;

    /// <summary>Its password; null when the URL has none (a server that trusts the checker's address).</summary>
    [JsonIgnore]
    public string? Password => UserInfo(Target).Password;

    /// <summary>The database to connect to.</summary>
    [JsonIgnore]
    public string Database => Uri.UnescapeDataString(Target.AbsolutePath.TrimStart('/'));

    /// <summary>How TLS is used: <c>?sslmode=</c>, <see cref="PostgresSslMode.Prefer"/> without it, as in libpq.</summary>
    [JsonIgnore]
    public PostgresSslMode SslMode => Target.Query.Length == 0 ? PostgresSslMode.Prefer : SslModes[SslModeValue(Target)!];

    /// <summary>System.Uri knows no port for postgres://: servers listen on 5432.</summary>
    public override (string Host, int Port) Endpoint() => (Target.IdnHost, Target.Port > 0 ? Target.Port : DefaultPort);

    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => [.. Always, Placeholder.Result];

    public override CheckSpec Masked() => this with { Url = MaskUrl(Url) };

    protected override string? UrlProblem(Uri url)
    {
        if (url.Port == 0)
        {
            return $"A {url.Scheme}:// URL's port is between 1 and 65535, for example {Kind.Example}.";
        }

        if (UserInfo(url).Username.Length == 0)
        {
            return $"A {url.Scheme}:// URL names the user to log in as, for example {Kind.Example}.";
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
        {
            return $"A {url.Scheme}:// URL names one database after the host, for example {Kind.Example}.";
        }

        if (url.Fragment.Length > 0)
        {
            return $"A {url.Scheme}:// URL takes no fragment, for example {Kind.Example}.";
        }

        if (url.Query.Length == 0)
        {
            return null;
        }

        return SslModeValue(url) is { } mode && SslModes.ContainsKey(mode)
            ? null
            : $"A {url.Scheme}:// URL takes only ?sslmode=, one of {string.Join(", ", SslModes.Keys)}, for example {Kind.Example}?sslmode=verify-full.";
    }

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors)
    {
        if (Query is null)
        {
            return resolved;
        }

        // The probe runs it as a subquery, where a final ';' would end the statement early.
        var query = Query.Trim().TrimEnd(';').TrimEnd();
        if (query.Length is 0 or > MaxQueryLength || query.Contains('\0'))
        {
            errors.Add("query", $"Must be 1 to {MaxQueryLength} characters, without NUL.");
        }
        else if (!IsSelect(query))
        {
            errors.Add("query", "Must be one SELECT (or WITH … SELECT), for example SELECT count(*) FROM jobs WHERE state = 'failed'.");
        }

        return (PostgresCheck)resolved with { Query = query };
    }

    private static bool IsSelect(string query) =>
        new[] { "SELECT", "WITH" }.Any(keyword => query.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)
            && (query.Length == keyword.Length || !(char.IsAsciiLetterOrDigit(query[keyword.Length]) || query[keyword.Length] == '_')));

    /// <summary>User and password as written before the host, percent-decoded; split first, as either may hold an encoded ':'.</summary>
    private static (string Username, string? Password) UserInfo(Uri url)
    {
        var userInfo = url.GetComponents(UriComponents.UserInfo, UriFormat.UriEscaped);
        var colon = userInfo.IndexOf(':');
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), null)
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]) is { Length: > 0 } password ? password : null);
    }

    /// <summary>The value of a query that is <c>sslmode=value</c> and nothing else; null for any other query.</summary>
    private static string? SslModeValue(Uri url)
    {
        var query = url.Query.TrimStart('?');
        return query.StartsWith("sslmode=", StringComparison.Ordinal) && !query.Contains('&')
            ? Uri.UnescapeDataString(query["sslmode=".Length..])
            : null;
    }
}
