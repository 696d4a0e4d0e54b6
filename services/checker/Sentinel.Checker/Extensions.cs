using Sentinel.ServiceDefaults;
using Sentinel.ServiceDefaults.Outbound;
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
        builder.Services.AddSingleton<ProbeSelector>();
        return builder;
    }
}
