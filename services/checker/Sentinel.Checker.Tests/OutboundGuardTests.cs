using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults.Outbound;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

public sealed class OutboundGuardTests
{
    private static OutboundGuard Guard(OutboundOptions options, Dictionary<string, string?>? settings = null) =>
        new(Options.Create(options), new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());

    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    public async Task Metadata_link_local_and_loopback_addresses_are_refused_by_default(string address, string reason) =>
        Assert.Contains(reason, await Guard(new OutboundOptions()).RefusalAsync(IPAddress.Parse(address), 80));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("172.16.4.2")]
    [InlineData("93.184.216.34")]
    public async Task Private_and_public_addresses_stay_reachable(string address) =>
        Assert.Null(await Guard(new OutboundOptions()).RefusalAsync(IPAddress.Parse(address), 443));

    [Fact]
    public async Task The_local_run_reaches_loopback_but_never_sentinels_own_database_broker_or_services()
    {
        var guard = Guard(
            new OutboundOptions { AllowLoopback = true, ProtectedEndpoints = ["127.0.0.1:8003"] },
            new() { ["ConnectionStrings:Sentinel"] = "Host=localhost;Port=54329;Database=sentinel", ["RabbitMq:Host"] = "127.0.0.1", ["RabbitMq:Port"] = "56729" });

        Assert.Null(await guard.RefusalAsync(IPAddress.Loopback, 9000));
        Assert.Contains("Sentinel's own", await guard.RefusalAsync(IPAddress.Loopback, 54329));
        Assert.Contains("Sentinel's own", await guard.RefusalAsync(IPAddress.Parse("127.0.0.2"), 56729));
        Assert.Contains("Sentinel's own", await guard.RefusalAsync(IPAddress.IPv6Loopback, 8003));
    }

    [Fact]
    public async Task Icmp_has_no_port_so_the_address_alone_is_judged()
    {
        var guard = Guard(
            new OutboundOptions { AllowLoopback = true },
            new() { ["ConnectionStrings:Sentinel"] = "Host=127.0.0.1;Port=54329;Database=sentinel" });

        // Sentinel's own services are protected port by port; an echo request reaches none of them.
        Assert.Null(await guard.RefusalAsync(IPAddress.Loopback, 0));
        Assert.Null(await guard.RefusalAsync("127.0.0.1", 0, CancellationToken.None));
        Assert.Contains("link-local", await guard.RefusalAsync("169.254.169.254", 0, CancellationToken.None));
        Assert.Contains("loopback", await Guard(new OutboundOptions()).RefusalAsync("localhost", 0, CancellationToken.None));
    }

    [Fact]
    public async Task Configured_networks_decide_the_rest()
    {
        var guard = Guard(new OutboundOptions { DenyNetworks = ["10.20.0.0/16"], AllowNetworks = ["169.254.10.0/24"] });

        Assert.Contains("Outbound:DenyNetworks", await guard.RefusalAsync(IPAddress.Parse("10.20.3.4"), 80));
        Assert.Null(await guard.RefusalAsync(IPAddress.Parse("10.21.3.4"), 80));
        Assert.Null(await guard.RefusalAsync(IPAddress.Parse("169.254.10.7"), 80));
        Assert.NotNull(await guard.RefusalAsync(IPAddress.Parse("169.254.169.254"), 80));
    }

    [Fact]
    public async Task A_name_is_judged_by_the_addresses_it_resolves_to()
    {
        var guard = Guard(new OutboundOptions());

        Assert.Contains("loopback", await guard.RefusalAsync(new Uri("http://localhost:8080/"), CancellationToken.None));
        Assert.Null(await guard.RefusalAsync(new Uri("http://name.that.does-not-resolve.invalid/"), CancellationToken.None));
    }
}

public sealed class GuardedProbeTests : CheckerWithTarget
{
    [Fact]
    public async Task A_redirect_to_the_metadata_service_is_a_down_result_with_the_reason()
    {
        Target.RedirectTo = "http://169.254.169.254/latest/meta-data/";

        var result = await Checker.CheckAsync(Target.Url);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("refused by the outbound guard", result.Error);
        Assert.Contains("169.254.169.254", result.Error);
        Assert.Equal(1, Target.Requests);
    }

    [Fact]
    public async Task A_tcp_check_of_a_link_local_address_is_refused_without_connecting()
    {
        var result = await Checker.CheckAsync("tcp://169.254.169.254:80", timeoutSeconds: 5);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("link-local", result.Error);
        // Refused on the spot, not after waiting out a connection attempt to an address nothing answers on.
        Assert.True(result.LatencyMs < 5000, $"refused after {result.LatencyMs} ms, as long as the timeout");
    }
}
