using Sentinel.Checks.Kinds;
using Sentinel.Conditions;

namespace Sentinel.Checks;

/// <summary>One kind of check: its name in documents, its spec type, the URL schemes that pick it.</summary>
/// <param name="Name">The <c>kind</c> of a monitor document and the label of its metrics.</param>
/// <param name="Example">A URL of this kind, for messages.</param>
public sealed record CheckKind(string Name, Type SpecType, IReadOnlyList<string> Schemes, string Example)
{
    /// <summary>Whether the checker probes it (otherwise it reports in, like a heartbeat).</summary>
    public bool Probed => typeof(ProbeCheck).IsAssignableFrom(SpecType);
}

/// <summary>
/// Every kind of check Sentinel has: adding a kind is one spec type, one probe in the checker, and one line here.
/// </summary>
public static class CheckKinds
{
    public static IReadOnlyList<CheckKind> All { get; } =
    [
        new("http", typeof(HttpCheck), ["http", "https"], "https://example.com/health"),
        new("tcp", typeof(TcpCheck), ["tcp"], "tcp://db.internal:5432"),
        new("tls", typeof(TlsCheck), ["tls"], "tls://mail.example.com:993"),
        new("dns", typeof(DnsCheck), ["dns"], "dns://1.1.1.1/example.com?type=A"),
        new("icmp", typeof(IcmpCheck), ["icmp"], "icmp://router.internal"),
        new("redis", typeof(RedisCheck), ["redis", "rediss"], "redis://cache.internal:6379"),
        new("grpc", typeof(GrpcCheck), ["grpc", "grpcs"], "grpc://orders.internal:50051/orders.v1.Orders"),
        new("postgres", typeof(PostgresCheck), ["postgres", "postgresql"], "postgres://monitor:secret@db.internal:5432/app"),
        new("heartbeat", typeof(HeartbeatCheck), [], ""),
    ];

    /// <summary>Every scheme a monitor URL may have, for messages: "http://, https://, tcp://, …".</summary>
    public static string SchemeList { get; } = string.Join(", ", All.SelectMany(k => k.Schemes).Select(s => s + "://"));

    /// <summary>The one kind that is not probed: it reports in (the scheduler and the ping route treat it apart).</summary>
    public static CheckKind Heartbeat { get; } = Of(typeof(HeartbeatCheck));

    public static CheckKind Of(Type specType) =>
        All.FirstOrDefault(k => k.SpecType == specType) ?? throw new InvalidOperationException($"{specType.Name} is not a registered kind of check.");

    public static CheckKind? Named(string? name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind <paramref name="url"/>'s scheme picks; null, with why not in <paramref name="problem"/>.</summary>
    public static CheckKind? ForUrl(string? url, out string? problem)
    {
        problem = ProbeCheck.AnyUrlProblem(url, out var uri);
        if (problem is not null)
        {
            return null;
        }

        var kind = All.FirstOrDefault(k => k.Schemes.Contains(uri!.Scheme));
        problem = kind is null ? $"Unsupported scheme '{uri!.Scheme}': use one of {SchemeList}." : null;
        return kind;
    }

    /// <summary>
    /// Null when <paramref name="condition"/> applies to checks of a URL with <paramref name="scheme"/>, otherwise why
    /// not (with the placeholder's position).
    /// </summary>
    public static string? Refusal(Condition condition, string scheme) => condition.RefusalFor(scheme, SchemesObserving);

    private static IReadOnlyList<string> SchemesObserving(Placeholder placeholder) =>
        Observers.Where(o => o.Value.Observes(o.Key).Contains(placeholder)).Select(o => o.Key).ToList();

    /// <summary>An empty spec of each probed kind per scheme, to ask what its checks observe.</summary>
    private static readonly (string Key, ProbeCheck Value)[] Observers = All
        .Where(k => k.Probed)
        .SelectMany(k => k.Schemes.Select(s => (s, (ProbeCheck)Activator.CreateInstance(k.SpecType)!)))
        .ToArray();
}
