using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sentinel.Contracts;

namespace Sentinel.Checker.Tests;

/// <summary>
/// <c>[DOMAIN_EXPIRATION]</c> against a local RDAP server, standing in for a registry: it knows <c>example.test</c>,
/// registered until ten days from now, and answers 404 for every other name, as registries do.
/// </summary>
public sealed class DomainExpirationCheckTests : IAsyncLifetime
{
    private readonly DateTime _expires = DateTime.UtcNow.AddDays(10);
    private readonly List<string> _asked = [];
    private WebApplication _rdap = null!;
    private CheckerHarness _checker = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _rdap = builder.Build();
        _rdap.MapGet("/domain/{name}", (string name) =>
        {
            lock (_asked)
            {
                _asked.Add(name);
            }

            return name == "example.test"
                ? Results.Json(new
                {
                    objectClassName = "domain",
                    ldhName = "example.test",
                    events = new object[]
                    {
                        new { eventAction = "registration", eventDate = "2001-01-01T00:00:00Z" },
                        new { eventAction = "expiration", eventDate = _expires.ToString("O") },
                    },
                }, contentType: "application/rdap+json")
                : Results.NotFound();
        });
        await _rdap.StartAsync();
        _checker = await CheckerHarness.StartAsync(new Dictionary<string, string?> { ["Checker:RdapServerUrl"] = $"http://127.0.0.1:{port}/" });
    }

    public async Task DisposeAsync()
    {
        await _checker.DisposeAsync();
        await _rdap.DisposeAsync();
    }

    [Fact]
    public async Task A_domain_expiring_sooner_than_the_condition_allows_fails_it_with_the_time_left()
    {
        // The host need not answer: the registry is asked about its domain whatever the probe sees.
        var result = await _checker.CheckAsync("http://shop.example.test:1/", timeoutSeconds: 1, conditions: ["[DOMAIN_EXPIRATION] > 720h"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        var failed = Assert.Single(result.Errors, e => e.StartsWith("[DOMAIN_EXPIRATION]", StringComparison.Ordinal));
        Assert.Matches(@"^\[DOMAIN_EXPIRATION\] \((23\dh|240h)[^)]*\) > 720h$", failed);
        lock (_asked)
        {
            // The longest suffix the registry knows: the host itself first, then its parent.
            Assert.Equal(["shop.example.test", "example.test"], _asked);
        }
    }

    [Fact]
    public async Task A_domain_expiring_later_holds_and_is_looked_up_once_for_many_checks()
    {
        for (var i = 0; i < 3; i++)
        {
            var result = await _checker.CheckAsync("http://www.example.test:1/", timeoutSeconds: 1, conditions: ["[DOMAIN_EXPIRATION] > 48h"]);
            Assert.DoesNotContain(result.Errors, e => e.StartsWith("[DOMAIN_EXPIRATION]", StringComparison.Ordinal));
        }

        lock (_asked)
        {
            Assert.Equal(["www.example.test", "example.test"], _asked);
        }
    }

    [Fact]
    public async Task A_domain_no_registry_knows_fails_the_condition_as_unknown()
    {
        var result = await _checker.CheckAsync("http://unregistered.test:1/", timeoutSeconds: 1, conditions: ["[DOMAIN_EXPIRATION] > 48h"]);

        Assert.Contains(result.Errors, e => e.StartsWith("[DOMAIN_EXPIRATION] (expiry unknown)", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
