using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed record TcpCheck : ProbeCheck
{
    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => Always;

    protected override string? UrlProblem(Uri url) => HostAndPortProblem(url, Kind.Example);

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;
}
