namespace Sentinel.Checks.Kinds;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed record TcpCheck : ProbeCheck
{
    protected override string? UrlProblem(Uri url) => HostAndPortProblem(url, Kind.Example);

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;
}
