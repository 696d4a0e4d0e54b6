using MassTransit;
using Sentinel.ServiceDefaults;
using Sentinel.ServiceDefaults.Outbound;
using Sentinel.Checker.Consumers;
using Sentinel.Checker.Domains;
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
        return builder;
    }

    /// <summary>The consumers of the <c>run-check</c> queue and of the api's "test now" requests.</summary>
    public static void AddCheckConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RunChecksConsumer, RunChecksConsumerDefinition>();
        bus.AddConsumer<TestCheckConsumer, TestCheckConsumerDefinition>();
    }
}
