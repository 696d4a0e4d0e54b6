using Sentinel.ServiceDefaults;
using System.Net;
using Sentinel.ServiceDefaults.Outbound;
using Sentinel.Checker.Probes;

namespace Sentinel.Checker;

public static class Extensions
{
    public static IHostApplicationBuilder AddProbes(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CheckerOptions>(CheckerOptions.Section);

        // One client for every HTTP check, with no retry or resilience handler: those would hide outages and
        // distort latency. Connections are never reused (see HttpProbe), so a client per check would buy nothing.
        builder.AddOutboundGuard();
        builder.Services.AddSingleton(services => new HttpClient(new SocketsHttpHandler
        {
            // Every connection, redirects included, to an address the guard allows.
            ConnectCallback = services.GetRequiredService<OutboundGuard>().ConnectAsync,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });
        builder.Services.AddSingleton<IProbe, HttpProbe>();
        builder.Services.AddSingleton<IProbe, TcpProbe>();
        builder.Services.AddSingleton<ProbeSelector>();
        return builder;
    }
}
