using System.Reflection;
using MassTransit;

namespace Sentinel.ServiceDefaults;

/// <summary>
/// How soon a service reconnects once the broker is back. MassTransit 8 reconnects every receive endpoint, and
/// retries every send and publish, on one policy per bus: exponential from about 3 s to 30 s, for 1,000 attempts.
/// After a broker restart our services came back 8 to 11 s after the broker did (issue 19), and an outage of a
/// few hours would end every endpoint for good. MassTransit has no setting for it, so this replaces the policy
/// with one that handles the same exceptions and tries again at once, forever: with the pause of one second
/// MassTransit takes after each failure, an attempt a second, so a service is connected within about a second of
/// the broker being ready. A refused connection costs the broker nothing.
/// On a cluster the first attempt waits a second more: a node's loss leaves the others up, so a reconnect is
/// accepted at once, while the lost node's quorum queues are still electing new leaders; on RabbitMQ 3.10 a
/// channel opened then keeps addressing the dead leader (its sends refused, its consumers fed nothing) for as long
/// as it lives (docs/operations.md, "Running on a RabbitMQ cluster").
/// </summary>
public static class BrokerReconnect
{
    /// <summary>Replaces the reconnect policy of the bus that <paramref name="configurator"/> builds.</summary>
    /// <exception cref="InvalidOperationException">MassTransit no longer keeps the policy where this expects it.</exception>
    public static void ReconnectPromptly(this IRabbitMqBusFactoryConfigurator configurator, bool cluster)
    {
        // Private members of MassTransit.RabbitMQ 8.5 (RabbitMqBusFactoryConfigurator._hostConfiguration and the
        // backing field of RabbitMqHostConfiguration.ReceiveTransportRetryPolicy, which SendTransportRetryPolicy
        // returns too). If an update moves them, every service stops at start with this message, rather than
        // running on with the slow reconnects.
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.NonPublic;
        var host = configurator.GetType().GetField("_hostConfiguration", instance)?.GetValue(configurator);
        var policyField = host?.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", instance);
        if (policyField?.GetValue(host) is not IRetryPolicy original)
        {
            throw new InvalidOperationException(
                $"{typeof(BrokerReconnect).FullName} does not know this MassTransit.RabbitMQ " +
                $"({typeof(IRabbitMqBusFactoryConfigurator).Assembly.GetName().Version}): see the comment there before upgrading.");
        }

        policyField.SetValue(host, Retry.CreatePolicy(retry =>
        {
            retry.Handle<Exception>(original.IsHandled);
            // Incremental computes each pause; Interval would allocate one per attempt.
            retry.Incremental(int.MaxValue, cluster ? TimeSpan.FromSeconds(1) : TimeSpan.Zero, TimeSpan.Zero);
        }));
    }
}
