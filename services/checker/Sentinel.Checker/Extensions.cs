using MassTransit;
using Sentinel.ServiceDefaults;
using Sentinel.ServiceDefaults.Outbound;
using Sentinel.Checker.Consumers;
using Sentinel.Checker.Domains;
using Sentinel.Checker.Presence;
using Sentinel.Checker.Probes;

namespace Sentinel.Checker;

public static class Extensions
{
    public static IHostApplicationBuilder AddProbes(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CheckerOptions>(CheckerOptions.Section);

        builder.AddOutboundGuard();
        builder.Services.AddSingleton<IProbe, HttpProbe>();
        builder.Services.AddSingleton<IProbe, TcpProbe>();
        builder.Services.AddSingleton<IProbe, TlsProbe>();
        builder.Services.AddSingleton<IProbe, DnsProbe>();
        builder.Services.AddSingleton<IProbe, IcmpProbe>();
        builder.Services.AddSingleton<IProbe, RedisProbe>();
        builder.Services.AddSingleton<IProbe, GrpcProbe>();
        builder.Services.AddSingleton<IProbe, PostgresProbe>();
        builder.Services.AddSingleton<ProbeSelector>();
        builder.Services.AddSingleton<DomainExpiry>();
        builder.Services.AddSingleton<CheckRunner>();
        builder.Services.AddSingleton<ResultPublisher>();
        builder.Services.AddSingleton<QueueWait>();
        return builder;
    }

    /// <summary>Reports this checker every <see cref="CheckerOptions.HeartbeatSeconds"/> (<c>CheckerSeen</c>).</summary>
    public static IHostApplicationBuilder AddPresence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<CheckerPresence>();
        return builder;
    }

    /// <summary>
    /// The consumers of the checker's region's <c>run-check</c> queue and, in the default region only, of the api's
    /// "test now" requests: a remote region's broker user may read its own queue alone, and the api waits on one
    /// answer, which a checker near the api gives soonest.
    /// </summary>
    public static void AddCheckConsumers(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        bus.AddConsumer<RunChecksConsumer, RunChecksConsumerDefinition>();
        var region = configuration.GetSection(CheckerOptions.Section).Get<CheckerOptions>()?.Region ?? RegionNames.Default;
        if (region == RegionNames.Default)
        {
            bus.AddConsumer<TestCheckConsumer, TestCheckConsumerDefinition>();
        }
    }
}
