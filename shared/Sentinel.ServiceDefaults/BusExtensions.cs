using MassTransit;
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
            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                });
                cfg.ReconnectPromptly();
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
}
