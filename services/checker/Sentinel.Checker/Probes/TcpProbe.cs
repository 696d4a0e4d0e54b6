using System.Net.Sockets;
using Sentinel.Contracts;

namespace Sentinel.Checker.Probes;

/// <summary><c>tcp://host:port</c>: up when a connection is accepted.</summary>
public sealed class TcpProbe : IProbe
{
    public string Kind => "tcp";

    public bool Handles(Uri target) => target.Scheme == "tcp";

    public async Task<ProbeOutcome> ProbeAsync(RunCheck check, Uri target, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target.IdnHost, target.Port, cancellationToken);
        return ProbeOutcome.Up();
    }
}
