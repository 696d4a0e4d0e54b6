using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sentinel.Api.Tests;

/// <summary>
/// The api behind a proxy at 10.1.2.3 (an Ingress controller): every request arrives from that address, as in a
/// cluster, and says who the visitor was in X-Forwarded-For. Limits per client must count visitors, not the proxy.
/// </summary>
public class ProxiedApiFactory : ApiFactory
{
    public static readonly IPAddress Proxy = IPAddress.Parse("10.1.2.3");

    protected virtual string? TrustedProxies => "10.0.0.0/8";

    protected override IReadOnlyDictionary<string, string> ExtraSettings =>
        new Dictionary<string, string>
        {
            ["Api:RateLimits:FailedAuthenticationsPerMinute"] = "2",
        }.Concat(TrustedProxies is { } proxies ? [new("Api:TrustedProxies:0", proxies)] : []).ToDictionary();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromProxy()));
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate pipeline) =>
            {
                http.Connection.RemoteIpAddress = Proxy;
                return pipeline(http);
            });
            next(app);
        };
    }
}

/// <summary>The same proxy, not configured as trusted.</summary>
public sealed class UntrustedProxyApiFactory : ProxiedApiFactory
{
    protected override string? TrustedProxies => null;
}

public sealed class TrustedProxyTests(ProxiedApiFactory api) : IClassFixture<ProxiedApiFactory>
{
    [Fact]
    public async Task Behind_a_trusted_proxy_one_visitor_reaching_a_limit_leaves_others_alone()
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, await FailUntilLimitedAsync(api, "203.0.113.7"));

        Assert.Equal(HttpStatusCode.Unauthorized, await FailOnceAsync(api, "203.0.113.8"));
    }

    internal static async Task<HttpStatusCode> FailUntilLimitedAsync(ApiFactory api, string visitor)
    {
        var last = HttpStatusCode.OK;
        for (var i = 0; i < 4; i++)
        {
            last = await FailOnceAsync(api, visitor);
        }

        return last;
    }

    internal static async Task<HttpStatusCode> FailOnceAsync(ApiFactory api, string visitor)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", "guessing-0123456789abcdef");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", visitor);
        return (await client.GetAsync("/api/v1/monitors")).StatusCode;
    }
}

public sealed class UntrustedProxyTests(UntrustedProxyApiFactory api) : IClassFixture<UntrustedProxyApiFactory>
{
    [Fact]
    public async Task Without_trusting_the_proxy_its_forwarded_addresses_are_ignored()
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, await TrustedProxyTests.FailUntilLimitedAsync(api, "203.0.113.7"));

        // A visitor cannot escape the limit by claiming another address.
        Assert.Equal(HttpStatusCode.TooManyRequests, await TrustedProxyTests.FailOnceAsync(api, "203.0.113.8"));
    }
}
