using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary><c>tls://host:port</c>: up when a TLS handshake with the host's name succeeds and its certificate is valid.</summary>
public sealed record TlsCheck : ProbeCheck
{
    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => [.. Always, Placeholder.CertificateExpiration];

    protected override string? UrlProblem(Uri url) => HostAndPortProblem(url, Kind.Example);

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;
}
