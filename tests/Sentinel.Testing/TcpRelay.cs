using System.Net;
using System.Net.Sockets;

namespace Sentinel.Testing;

/// <summary>
/// Forwards every TCP connection made to one address to another: lets a process in a network namespace reach a
/// server that listens on loopback only (the test broker, a test target), through an address the namespace routes to.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _to;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    private TcpRelay(TcpListener listener, IPEndPoint to)
    {
        _listener = listener;
        _to = to;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where connections are taken.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Listens on a free port of <paramref name="listenOn"/> and relays to <paramref name="to"/>.</summary>
    public static TcpRelay Start(IPAddress listenOn, IPEndPoint to)
    {
        var listener = new TcpListener(listenOn, 0);
        listener.Start();
        return new TcpRelay(listener, to);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(server);
        }

        try
        {
            await server.ConnectAsync(_to, _stop.Token);
            var inbound = client.GetStream();
            var outbound = server.GetStream();
            // Either side closing ends both, as a direct connection would.
            await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
        }
        catch (Exception)
        {
            // A side that went away; the other is closed below.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
        }

        await _accepting;
        _stop.Dispose();
    }
}
