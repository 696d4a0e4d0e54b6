using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed class TcpProbe(OutboundGuard guard) : Probe<TcpCheck>
{
    protected override async Task<string?> ProbeAsync(TcpCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        using var socket = await guard.ConnectAsync(run.Target.IdnHost, run.Target.Port, cancellationToken);
        run.Answered();
        run.Connected = true;
        return null;
    }
}
