using Sentinel.Contracts;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed class TcpProbe(OutboundGuard guard) : IProbe
{
    public string Kind => "tcp";

    public bool Handles(Uri target) => target.Scheme == "tcp";

    public async Task<ProbeOutcome> ProbeAsync(RunCheck check, Uri target, CancellationToken cancellationToken)
    {
        using var socket = await guard.ConnectAsync(target.IdnHost, target.Port, cancellationToken);
        return ProbeOutcome.Up();
    }
}
