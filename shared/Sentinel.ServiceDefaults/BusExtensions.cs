using System.Security.Authentication;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sentinel.ServiceDefaults;

public static class BusExtensions
{
    /// <summary>MassTransit on RabbitMQ with the service's consumers; endpoints come from their definitions.</summary>
    public static IHostApplicationBuilder AddSentinelBus(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        builder.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);
            bus.AddConfigureEndpointsCallback(UseQuorumQueue);
            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                var nodes = options.Endpoints();
                cfg.Host(nodes[0].Host, (ushort)nodes[0].Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    if (options.Tls)
                    {
                        var authorities = options.TrustedAuthorities();
                        h.UseSsl(ssl =>
                        {
                            ssl.ServerName = options.TlsServerNameFor(nodes[0].Host);
                            ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                            ssl.CertificateValidationCallback = (_, certificate, _, errors) =>
                                RabbitMqOptions.IsTrustedBrokerCertificate(certificate, errors, authorities);
                        });
                    }

                    if (options.Nodes.Count > 0)
                    {
                        h.UseCluster(cluster =>
                        {
                            foreach (var (host, port) in nodes)
                            {
                                cluster.Node($"{host}:{port}");
                            }
                        });
                    }
                });
                cfg.ReconnectPromptly(cluster: nodes.Count > 1);
                cfg.ConfigureEndpoints(context);
            });
        });

        // Stop consuming before the host tears down what consumers use, and give in-flight messages time to finish.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });
        return builder;
    }

    /// <summary>
    /// Every consumer's queue, when the options ask for it: replicated on a quorum of the cluster's nodes, so losing
    /// one loses neither the queue nor its messages. Temporary queues stay classic (the bus's own reply queue, the
    /// api's per-process queue of transitions): RabbitMQ refuses a quorum queue that is auto-delete, and one that
    /// lives only as long as its process has nothing to replicate.
    /// </summary>
    private static void UseQuorumQueue(IRegistrationContext context, string queueName, IReceiveEndpointConfigurator endpoint)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
            && endpoint is not IRabbitMqReceiveEndpointConfiguration { Settings.AutoDelete: true }
            && context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.UseQuorumQueues)
        {
            rabbit.SetQuorumQueue();
        }
    }
}
