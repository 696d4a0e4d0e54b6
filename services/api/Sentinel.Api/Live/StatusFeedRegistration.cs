using MassTransit;

namespace Sentinel.Api.Live;

public static class StatusFeedRegistration
{
    /// <summary>The transitions this process hears of, fed to <see cref="StatusFeed"/> for <see cref="StatusEvents"/>.</summary>
    public static IBusRegistrationConfigurator AddStatusFeed(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<StatusFeed>();
        bus.AddConsumer<MonitorStatusChangedConsumer, MonitorStatusChangedConsumerDefinition>();
        return bus;
    }
}
