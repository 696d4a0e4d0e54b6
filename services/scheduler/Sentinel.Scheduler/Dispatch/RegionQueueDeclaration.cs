using System.Collections.Concurrent;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>
/// With quorum queues (<see cref="RabbitMqOptions.UseQuorumQueues"/>), declares a region's <c>run-check-NAME</c>
/// queue, its exchange and their binding before the scheduler first sends there.
/// </summary>
/// <remarks>
/// Checks go to a region's exchange, sent mandatory (<see cref="QueueNames.RunCheckAddress(string, bool)"/>), so a
/// send fails while no queue is bound. One claim sends every region's checks and rolls back if any send fails: a
/// region declared by the api but whose checkers never started would then hold back every monitor of the claim, in
/// every region. Declared here, the region's checks wait in its queue for a checker, as they do with classic queues
/// (a <c>queue:</c> send declares the queue) and as the api's regions page shows (queue depth, oldest check).
/// The declaration must be the very one the checkers' MassTransit receive endpoint makes (RabbitMQ refuses to
/// redeclare a queue with other arguments, and the checker would not start): MassTransit 8's
/// <c>RabbitMqReceiveEndpointBuilder</c> declares a durable fanout exchange named after the queue, the queue
/// durable, not exclusive, not auto-delete, with <c>x-queue-type: quorum</c> (<c>SetQuorumQueue()</c>, no
/// replication factor, as <see cref="BusExtensions"/> configures it), and binds them with an empty routing key.
/// The default region's queue is left to its checkers, as before regions: a default-region checker always runs
/// beside the scheduler. Declared once per process and region; <see cref="Forget"/> after a failed send declares
/// again (an operator may have deleted the queue).
/// </remarks>
public sealed class RegionQueueDeclaration(IBusInstance bus, IOptions<RabbitMqOptions> rabbitMq)
{
    private static readonly Dictionary<string, object?> QuorumQueue = new() { ["x-queue-type"] = "quorum" };

    private readonly ConcurrentDictionary<string, bool> _declared = new();

    public async Task EnsureDeclaredAsync(string region, CancellationToken cancellationToken)
    {
        if (region == RegionNames.Default || !rabbitMq.Value.UseQuorumQueues || _declared.ContainsKey(region)
            || bus.HostConfiguration is not IRabbitMqHostConfiguration host)
        {
            return;
        }

        var queue = QueueNames.RunCheckFor(region);
        await host.ConnectionContextSupervisor.Send(Pipe.ExecuteAsync<ConnectionContext>(async connection =>
        {
            await using var channel = await connection.CreateChannel(null, cancellationToken);
            await channel.ExchangeDeclareAsync(queue, "fanout", durable: true, autoDelete: false, arguments: null, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: QuorumQueue, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, routingKey: "", arguments: null, cancellationToken: cancellationToken);
        }), cancellationToken);
        _declared[region] = true;
    }

    public void Forget(string region) => _declared.TryRemove(region, out _);
}
