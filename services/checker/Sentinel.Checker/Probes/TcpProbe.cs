using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed class TcpProbe(OutboundGuard guard) : IProbe
{
    public string Kind => "tcp";

    public bool Handles(Uri target) => target.Scheme == "tcp";

    public async Task<string?> ProbeAsync(ProbeRun run, CancellationToken cancellationToken)
    {
        using var socket = await guard.ConnectAsync(run.Target.IdnHost, run.Target.Port, cancellationToken);
        run.Answered();
        run.Connected = true;
        return null;
    }
}
