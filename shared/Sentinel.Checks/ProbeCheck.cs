using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Sentinel.Conditions;

namespace Sentinel.Checks;

/// <summary>
/// A kind of check the checker runs against a target URL: the rules every such kind shares (the URL, the timeout,
/// retries, conditions). Each kind adds its own options and URL rules.
/// </summary>
/// <remarks>
/// Validation attributes on a spec's properties state its limits for schemas (the api's OpenAPI document);
/// <see cref="CheckSpec.Resolve"/> enforces them, with its messages.
/// </remarks>
public abstract record ProbeCheck : CheckSpec
{
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxUrlLength = 2048;
    public const int MaxRetries = 5;
    public const int MaxConditions = 20;

    /// <summary>Pause between a failed attempt and its retry, in seconds.</summary>
    public const int RetryDelaySeconds = 1;

    /// <summary>The target; its scheme picks the kind.</summary>
    [MaxLength(MaxUrlLength)]
    [JsonPropertyOrder(-3)]
    public string Url { get; init; } = "";

    /// <summary>How long one attempt may take, in seconds; by default 10, or the interval when shorter.</summary>
    [Range(1, CheckContext.MaxIntervalSeconds)]
    [JsonPropertyOrder(-2)]
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// Extra attempts after a failed one, each after <see cref="RetryDelaySeconds"/> and with the whole timeout,
    /// before the check counts as down; 0 probes once.
    /// </summary>
    [Range(0, MaxRetries)]
    [JsonPropertyOrder(-1)]
    public int Retries { get; init; }

    /// <summary>Conditions that must all hold (docs/checks.md); when any are given they decide alone.</summary>
    [MaxLength(MaxConditions)]
    [Items(MaxLength = Condition.MaxLength)]
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>The timeout of one attempt (a resolved spec always has one).</summary>
    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds ?? DefaultTimeoutSeconds);

    /// <summary>The longest a check of this spec may take: every attempt timing out, with the pauses between them.</summary>
    [JsonIgnore]
    public TimeSpan Longest => TimeSpan.FromSeconds(LongestSeconds((int)Timeout.TotalSeconds, Retries));

    /// <summary>The URL, parsed; only valid on a resolved spec.</summary>
    [JsonIgnore]
    public Uri Target => new(Url);

    [JsonIgnore]
    public override string? DisplayUrl => MaskUrl(Url);

    /// <summary>A password in the URL masked; kinds with secrets of their own mask them too.</summary>
    public override CheckSpec Masked() => this with { Url = MaskUrl(Url) };

    /// <summary>What every probed kind observes: whether it connected, and how long it took.</summary>
    protected static readonly IReadOnlyList<Placeholder> Always = [Placeholder.ResponseTime, Placeholder.Connected];

    /// <summary>The placeholders a check of this kind observes on a URL with <paramref name="scheme"/>, for its conditions.</summary>
    public abstract IReadOnlyCollection<Placeholder> Observes(string scheme);

    /// <summary>Host and port the check connects to, for the outbound guard: ICMP has port 0.</summary>
    public virtual (string Host, int Port) Endpoint() => (Target.IdnHost, Target.Port);

    /// <summary>
    /// The URL rules of the kind, given an absolute URL with a host and one of the kind's schemes: null when the
    /// URL is right, otherwise why not (with an example).
    /// </summary>
    protected abstract string? UrlProblem(Uri url);

    /// <summary>The kind's own options; <paramref name="resolved"/> has the shared ones already checked.</summary>
    protected abstract ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors);

    protected sealed override CheckSpec ResolveOwn(CheckContext context, CheckSpec? stored, CheckErrors errors)
    {
        var url = ResolveUrl(stored as ProbeCheck, errors);
        var interval = context.IntervalSeconds;
        // Without an explicit timeout, a short interval brings the default timeout down with it.
        var timeout = TimeoutSeconds ?? Math.Min(DefaultTimeoutSeconds, Math.Max(1, interval));
        if (timeout < 1)
        {
            errors.Add("timeoutSeconds", "Must be at least 1 second.");
        }
        else if (timeout > interval)
        {
            errors.Add("timeoutSeconds", $"Must not be longer than the interval ({interval} s).");
        }

        if (Retries is < 0 or > MaxRetries)
        {
            errors.Add("retries", $"Must be between 0 and {MaxRetries}.");
        }
        else if (Retries > 0 && !errors.Has("timeoutSeconds") && LongestSeconds(timeout, Retries) is var longest && longest > interval)
        {
            errors.Add("retries", $"With {Retries} retries a check may take {longest} s ({Retries + 1} attempts of up to {timeout} s, "
                                  + $"{RetryDelaySeconds} s apart), longer than the interval ({interval} s): lower retries or timeoutSeconds.");
        }

        var conditions = ResolveConditions(url, errors);
        var resolved = this with { Url = url?.OriginalString ?? Url, TimeoutSeconds = timeout, Conditions = conditions };
        return ResolveOptions(resolved, url, stored as ProbeCheck, errors);
    }

    private static int LongestSeconds(int timeoutSeconds, int retries) => (retries + 1) * timeoutSeconds + retries * RetryDelaySeconds;

    /// <summary>The URL parsed and checked, with its secrets unmasked from <paramref name="stored"/>; null when wrong.</summary>
    private Uri? ResolveUrl(ProbeCheck? stored, CheckErrors errors)
    {
        var text = UnmaskUrl(Url.Trim(), stored?.Url);
        var problem = AnyUrlProblem(text, out var uri);
        if (problem is null && !Kind.Schemes.Contains(uri!.Scheme))
        {
            problem = $"A {Kind.Name} check's URL starts with {string.Join(" or ", Kind.Schemes.Select(s => s + "://"))}, for example {Kind.Example}.";
        }

        problem ??= UrlProblem(uri!);
        if (problem is null)
        {
            return uri;
        }

        errors.Add("url", problem);
        return null;
    }

    /// <summary>What any target URL must be: given, not too long, absolute with a host.</summary>
    internal static string? AnyUrlProblem(string? text, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"A URL is required, for example {CheckKinds.All[0].Example} or {CheckKinds.All[1].Example}.";
        }

        if (text.Length > MaxUrlLength)
        {
            return $"The URL is longer than {MaxUrlLength} characters.";
        }

        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        // Not repeated when it may hold a password (user:password@): a mistyped one is still a secret.
        return text.Contains('@')
            ? "The URL is not an absolute URL with a host; percent-encode '@', ':' and '/' in a user or password (%40, %3A, %2F)."
            : $"'{text}' is not an absolute URL with a host.";
    }

    /// <summary>A URL's password sent back as the api showed it (<see cref="MaskUrl"/>) stands for the stored one.</summary>
    private static string UnmaskUrl(string sent, string? stored) =>
        stored is not null && sent == MaskUrl(stored) ? stored : sent;

    /// <summary>The URL with the password in its user information masked; URLs without one are returned as they are.</summary>
    protected static string MaskUrl(string url)
    {
        // user:password@ sits between the scheme's "://" and the first '@' before the path.
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = url.IndexOf('@', start);
        var slash = url.IndexOf('/', start);
        if (start < 3 || at < 0 || (slash >= 0 && slash < at))
        {
            return url;
        }

        var colon = url.IndexOf(':', start, at - start);
        if (colon < 0)
        {
            return url;
        }

        var password = Uri.UnescapeDataString(url[(colon + 1)..at]);
        return url[..(colon + 1)] + Uri.EscapeDataString(SecretText.Mask(password)!) + url[at..];
    }

    /// <summary>
    /// Each condition must parse and apply to this kind of check; errors are keyed <c>conditions[i]</c> and say what is
    /// wrong and at which character.
    /// </summary>
    private List<string> ResolveConditions(Uri? url, CheckErrors errors)
    {
        var conditions = Conditions.Select(c => c?.Trim() ?? "").ToList();
        if (conditions.Count > MaxConditions)
        {
            errors.Add("conditions", $"At most {MaxConditions} conditions.");
            return conditions;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            try
            {
                var condition = Condition.Parse(conditions[i]);
                if (url is not null && CheckKinds.Refusal(condition, url.Scheme) is { } refusal)
                {
                    errors.Add($"conditions[{i}]", refusal);
                }
            }
            catch (ConditionException ex)
            {
                errors.Add($"conditions[{i}]", ex.Message);
            }
        }

        return conditions;
    }

    /// <summary>A URL that must be host and port only (<c>tcp://db.internal:5432</c>): null when it is.</summary>
    protected static string? HostAndPortProblem(Uri uri, string example)
    {
        if (uri.IsDefaultPort || uri.Port is < 1 or > 65535)
        {
            return $"A {uri.Scheme}:// URL needs a port, for example {example}.";
        }

        return uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            ? $"A {uri.Scheme}:// URL is host and port only, for example {example}."
            : null;
    }
}
