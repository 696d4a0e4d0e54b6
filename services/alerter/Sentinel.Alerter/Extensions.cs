using MassTransit;
using Sentinel.Alerter.Consumers;
using Sentinel.Alerter.Deliveries;
using Sentinel.Alerter.Noise;
using Sentinel.Alerter.Watch;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Email;
using Sentinel.ServiceDefaults;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Alerter;

public static class Extensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AlerterOptions>(AlerterOptions.Section);
        builder.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section);

        // Timeouts come from each attempt's cancellation; recycled connections follow webhook hosts' DNS changes.
        builder.AddOutboundGuard();
        builder.Services.AddSingleton(services => new JsonWebhookClient(new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // A webhook URL is user input like a monitor's: it must not reach what a monitor may not.
            ConnectCallback = services.GetRequiredService<OutboundGuard>().ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        }));
        foreach (var kind in ChannelKinds.All)
        {
            builder.Services.AddSingleton(kind.SenderType);
        }

        builder.Services.AddSingleton<NotificationPlanner>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<DeliveryRunner>();
        builder.Services.AddSingleton<FlappingNotices>();
        builder.Services.AddSingleton<HeldNotices>();
        builder.Services.AddHostedService<DeliverySweep>();
        builder.Services.AddHostedService<CheckingWatch>();
        builder.Services.AddHostedService<RegionWatch>();
        builder.Services.AddHostedService<MaintenanceNotices>();
        builder.Services.AddHostedService<DownAlertRepeats>();
        return builder;
    }

    /// <summary>The consumers of the <c>monitor-status-changed</c> queue and of the API's channel tests.</summary>
    public static void AddNotificationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MonitorStatusChangedConsumer, MonitorStatusChangedConsumerDefinition>();
        bus.AddConsumer<TestChannelConsumer>();
    }
}
