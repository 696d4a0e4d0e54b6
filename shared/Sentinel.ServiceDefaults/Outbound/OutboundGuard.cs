using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sentinel.ServiceDefaults.Outbound;

/// <summary>Refused: the address a target resolved to is not one Sentinel will connect to.</summary>
public sealed class OutboundRefusedException(string message) : IOException(message);

/// <summary>
/// Keeps monitors and webhooks away from what they must not reach: link-local addresses (the cloud metadata
/// service at 169.254.169.254 among them), loopback unless allowed, Sentinel's own database, broker and services,
/// and configured networks. It judges the address actually connected to, after DNS and on every redirect, so a
/// name that resolves somewhere forbidden (DNS rebinding) is refused too. Private ranges stay allowed: watching
/// internal services is the point.
/// </summary>
public sealed class OutboundGuard
{
    private static readonly (IPNetwork Network, string Why)[] BuiltInDenied =
    [
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata services live there)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
    ];

    private readonly OutboundOptions _options;
    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _denied;
    private readonly (string Host, int Port)[] _protected;
    private readonly Lazy<Task<HashSet<(IPAddress, int)>>> _protectedAddresses;

    public OutboundGuard(IOptions<OutboundOptions> options, IConfiguration configuration)
    {
        _options = options.Value;
        _allowed = _options.AllowNetworks.Select(IPNetwork.Parse).ToArray();
        _denied = _options.DenyNetworks.Select(IPNetwork.Parse).ToArray();
        _protected = _options.ProtectedEndpoints.Select(ParseEndpoint).Concat(OwnEndpoints(configuration)).Distinct().ToArray();
        _protectedAddresses = new(ResolveProtectedAsync);
    }

    /// <summary>
    /// Null when <paramref name="address"/>:<paramref name="port"/> may be reached, otherwise why not. Port 0 stands
    /// for no port (ICMP): the address alone is judged, and Sentinel's own services, which are protected port by
    /// port, do not refuse it.
    /// </summary>
    public async Task<string?> RefusalAsync(IPAddress address, int port)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var protectedAddresses = await _protectedAddresses.Value;
        if (protectedAddresses.Contains((address, port)) || (IPAddress.IsLoopback(address) && protectedAddresses.Any(p => IPAddress.IsLoopback(p.Item1) && p.Item2 == port)))
        {
            return $"{Format(address, port)} is one of Sentinel's own services (database, broker or internal port)";
        }

        if (_allowed.Any(n => n.Contains(address)))
        {
            return null;
        }

        foreach (var denied in _denied.Where(n => n.Contains(address)))
        {
            return $"{address} is in {denied}, which Outbound:DenyNetworks refuses";
        }

        if (IPAddress.IsLoopback(address) && !_options.AllowLoopback)
        {
            return $"{address} is a loopback address (set Outbound:AllowLoopback to watch this machine's own services)";
        }

        return BuiltInDenied.FirstOrDefault(d => d.Network.Contains(address)).Why is { } why ? $"{address} is {why}" : null;
    }

    /// <summary>
    /// Resolves <paramref name="host"/> (or takes it as an address) and returns its first address the guard allows
    /// for <paramref name="port"/>; throws <see cref="OutboundRefusedException"/> when it allows none of them.
    /// </summary>
    public async Task<IPAddress> AllowedAddressAsync(string host, int port, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (await RefusalAsync(address, port) is not { } why)
            {
                return address;
            }

            refusal ??= why;
        }

        throw new OutboundRefusedException($"refused by the outbound guard: {host} resolves to {refusal ?? "no address"}");
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and connects to the first address the guard allows; throws
    /// <see cref="OutboundRefusedException"/> when it allows none of them.
    /// </summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = new List<IPAddress>();
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (await RefusalAsync(address, port) is { } why)
            {
                refusal ??= why;
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new OutboundRefusedException($"refused by the outbound guard: {host} resolves to {refusal ?? "no address"}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: every connection, redirects included, goes through the guard.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        new NetworkStream(await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true);

    /// <summary>For an http(s) URL (a webhook): <see cref="RefusalAsync(string, int, CancellationToken)"/> of its host and port.</summary>
    public Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken) => RefusalAsync(url.IdnHost, url.Port, cancellationToken);

    /// <summary>
    /// Why a connection to <paramref name="host"/> on <paramref name="port"/> (0 for ICMP, which has none) would be
    /// refused, judged now by its current DNS answer; null when allowed or when the name does not resolve (the check
    /// itself will then report it).
    /// </summary>
    public async Task<string?> RefusalAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        foreach (var address in addresses)
        {
            if (await RefusalAsync(address, port) is { } why)
            {
                return why;
            }
        }

        return null;
    }

    private async Task<HashSet<(IPAddress, int)>> ResolveProtectedAsync()
    {
        var resolved = new HashSet<(IPAddress, int)>();
        foreach (var (host, port) in _protected)
        {
            try
            {
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host);
                resolved.UnionWith(addresses.Select(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a, port)));
            }
            catch (SocketException)
            {
                // A protected name that does not resolve here cannot be reached from here either.
            }
        }

        return resolved;
    }

    /// <summary>The database and broker this service itself uses.</summary>
    private static IEnumerable<(string Host, int Port)> OwnEndpoints(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Sentinel") is { Length: > 0 } connectionString)
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var host = builder.TryGetValue("Host", out var h) ? h?.ToString() : builder.TryGetValue("Server", out var s) ? s?.ToString() : null;
            var port = builder.TryGetValue("Port", out var p) && int.TryParse(p?.ToString(), out var n) ? n : 5432;
            foreach (var name in (host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return (name.Split(':')[0], name.Contains(':') && int.TryParse(name.Split(':')[1], out var own) ? own : port);
            }
        }

        var rabbit = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        foreach (var node in rabbit.Endpoints())
        {
            yield return node;
        }
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var port) && port is > 0 and < 65536
            ? (endpoint[..colon].Trim('[', ']'), port)
            : throw new InvalidOperationException($"Outbound:ProtectedEndpoints: '{endpoint}' is not host:port.");
    }

    private static string Format(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
