using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Regions;

/// <summary>A region's queue as the broker sees it now: checks waiting (ready, not yet taken) and checkers consuming.</summary>
public sealed record QueueResponse(long Depth, int Consumers);

/// <summary>
/// Asks the broker itself how long each region's queue is (a passive declare: it reads a queue and never makes
/// one), over one connection of its own kept open between requests. MassTransit's connection is not used: it
/// exposes no queue's counts, and the management plugin may not be enabled. A broker that is away or slow costs a
/// request at most <see cref="Timeout"/>, and its regions are then shown without a queue.
/// </summary>
public sealed class RegionQueues(IOptions<RabbitMqOptions> options, ILogger<RegionQueues> logger) : IAsyncDisposable
{
    /// <summary>The longest a request waits for the broker: it only adds figures to a page that stands without them.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>The queue of each of <paramref name="regions"/>; a region whose queue does not exist, or all when the broker does not answer, maps to null.</summary>
    public async Task<IReadOnlyDictionary<string, QueueResponse?>> ReadAsync(IReadOnlyCollection<string> regions, CancellationToken ct)
    {
        var queues = regions.ToDictionary(r => r, _ => (QueueResponse?)null);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        await _gate.WaitAsync(ct);
        try
        {
            var connection = await ConnectedAsync(deadline.Token);
            foreach (var region in regions)
            {
                queues[region] = await DeclarePassiveAsync(connection, QueueNames.RunCheckFor(region), deadline.Token);
            }
        }
        // A cancelled request is the caller's to see; the deadline passing is the broker being slow or away.
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is BrokerUnreachableException or OperationInterruptedException
                                       or AlreadyClosedException or IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Could not read the regions' queues from the broker: {Reason}", ex.Message);
            await DropConnectionAsync();
        }
        finally
        {
            _gate.Release();
        }

        return queues;
    }

    /// <summary>The queue's counts, or null when it does not exist (the broker closes the channel: one channel per queue).</summary>
    private static async Task<QueueResponse?> DeclarePassiveAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, ct);
            return new QueueResponse(declared.MessageCount, (int)declared.ConsumerCount);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }

    private async Task<IConnection> ConnectedAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await DropConnectionAsync();
        var broker = options.Value;
        var factory = new ConnectionFactory
        {
            UserName = broker.Username,
            Password = broker.Password,
            VirtualHost = broker.VirtualHost,
            ClientProvidedName = "sentinel-api-region-queues",
            RequestedConnectionTimeout = Timeout,
            SocketReadTimeout = Timeout,
            SocketWriteTimeout = Timeout,
            HandshakeContinuationTimeout = Timeout,
            ContinuationTimeout = Timeout,
            // Reconnected on the next request instead: a background recovery would outlive the request that needed it.
            AutomaticRecoveryEnabled = false,
        };
        // Over TLS exactly as the bus connects (BusExtensions): the same server name and trusted authorities.
        var authorities = broker.Tls ? broker.TrustedAuthorities() : [];
        _connection = await factory.CreateConnectionAsync(
            broker.Endpoints().Select(e => new AmqpTcpEndpoint(e.Host, e.Port, new SslOption
            {
                Enabled = broker.Tls,
                ServerName = broker.TlsServerNameFor(e.Host),
                Version = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                CertificateValidationCallback = (_, certificate, _, errors) => RabbitMqOptions.IsTrustedBrokerCertificate(certificate, errors, authorities),
            })).ToList(), ct);
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or AlreadyClosedException or OperationInterruptedException)
            {
                // Already gone: nothing to close.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _gate.Dispose();
    }
}
