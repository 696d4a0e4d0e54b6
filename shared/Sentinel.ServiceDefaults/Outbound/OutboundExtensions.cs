using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sentinel.ServiceDefaults.Outbound;

public static class OutboundExtensions
{
    /// <summary>The outbound guard, for services that connect where users tell them to (checker, alerter, api).</summary>
    public static IHostApplicationBuilder AddOutboundGuard(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<OutboundOptions>(OutboundOptions.Section);
        builder.Services.AddSingleton<OutboundGuard>();
        return builder;
    }
}
