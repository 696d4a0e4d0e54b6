using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Checker;
using Sentinel.Checker.Consumers;
using Sentinel.Checker.Presence;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;

namespace Sentinel.Checker.Tests;

/// <summary>The checker's own registrations with MassTransit's in-memory test harness in place of RabbitMQ.</summary>
public sealed class CheckerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CheckerPresence _presence;

    private CheckerHarness(ServiceProvider services, ITestHarness harness, CheckerPresence presence)
    {
        _services = services;
        Harness = harness;
        _presence = presence;
    }

    public ITestHarness Harness { get; }

    /// <summary>The checker's own reports (<see cref="CheckerSeen"/>), started with the harness.</summary>
    public CheckerPresence Presence => _presence;

    /// <param name="settings">Configuration on top of the harness's own, e.g. the database the outbound guard protects.</param>
    public static async Task<CheckerHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The test targets listen on loopback, as they would for a user of ./sentinel up.
            ["Outbound:AllowLoopback"] = "true",
            // The checker has no database; ./sentinel test exports the test server's connection string for the
            // services that do, which would make that server Sentinel's own here, and postgres:// targets on it refused.
            ["ConnectionStrings:Sentinel"] = "",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddProbes();
        builder.AddPresence();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddCheckConsumers(builder.Configuration));
        builder.Services.Configure<TestHarnessOptions>(o =>
        {
            o.TestTimeout = TimeSpan.FromSeconds(20);
            // A wait for a result ends when the bus has been idle this long (1.2 s by default), and a probe is idle
            // time for the bus: a slow TLS handshake or a check timing out after 1 s would otherwise find no result.
            o.TestInactivityTimeout = o.TestTimeout;
        });
        var services = builder.Services.BuildServiceProvider(validateScopes: true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        // The harness runs the bus, not the host: the checker's one other hosted service is started by hand.
        var presence = services.GetServices<IHostedService>().OfType<CheckerPresence>().Single();
        await presence.StartAsync(CancellationToken.None);
        return new CheckerHarness(services, harness, presence);
    }

    /// <summary>
    /// Sends a check for <paramref name="url"/> (of the kind its scheme picks), with any other HTTP settings from
    /// <paramref name="with"/>, and returns the result the checker published for it.
    /// </summary>
    public async Task<CheckCompleted> CheckAsync(
        string url, int timeoutSeconds = 5, IReadOnlyList<int>? expectedStatusCodes = null, IReadOnlyList<string>? conditions = null,
        Func<HttpCheck, HttpCheck>? with = null)
    {
        var spec = Spec(url, timeoutSeconds) with { Conditions = conditions ?? [] };
        if (spec is HttpCheck http)
        {
            http = http with { ExpectedStatusCodes = expectedStatusCodes ?? [] };
            spec = with?.Invoke(http) ?? http;
        }

        return await CheckAsync(spec);
    }

    /// <summary>Sends a check of <paramref name="spec"/> and returns the result the checker published for it.</summary>
    public async Task<CheckCompleted> CheckAsync(ProbeCheck spec)
    {
        var check = NewCheck(spec);
        await Harness.Bus.Publish(new RunChecks { Checks = [check] });
        var published = await Harness.Published
            .SelectAsync<ChecksCompleted>(m => m.Context.Message.Results.Any(r => r.CheckId == check.CheckId)).FirstOrDefault();
        Assert.NotNull(published);
        var result = published.Context.Message.Results.Single(r => r.CheckId == check.CheckId);
        Assert.Equal(check.MonitorId, result.MonitorId);
        Assert.Equal(check.ScheduledAt, result.ScheduledAt);
        return result;
    }

    /// <summary>A spec of the kind <paramref name="url"/>'s scheme picks, with its defaults.</summary>
    public static ProbeCheck Spec(string url, int timeoutSeconds = 5) =>
        (ProbeCheck)Activator.CreateInstance(CheckKinds.ForUrl(url, out _)!.SpecType)! with { Url = url, TimeoutSeconds = timeoutSeconds };

    public static RunCheck NewCheck(string url, int timeoutSeconds = 5) => NewCheck(Spec(url, timeoutSeconds));

    public static RunCheck NewCheck(CheckSpec spec) => new()
    {
        CheckId = NewId.NextGuid(),
        MonitorId = Guid.NewGuid(),
        Check = CheckSpecJson.ToElement(spec),
        FailureThreshold = 2,
        SuccessThreshold = 3,
        ScheduledAt = DateTime.UtcNow,
    };

    /// <summary>Every result published so far, from all <see cref="ChecksCompleted"/> messages.</summary>
    public IReadOnlyList<CheckCompleted> Results() =>
        Harness.Published.Select<ChecksCompleted>().SelectMany(m => m.Context.Message.Results).ToList();

    public async ValueTask DisposeAsync()
    {
        await _presence.StopAsync(CancellationToken.None);
        await Harness.Stop();
        await _services.DisposeAsync();
    }
}
