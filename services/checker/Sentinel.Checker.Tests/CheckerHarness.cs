using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Checker;
using Sentinel.Checker.Consumers;
using Sentinel.Contracts;

namespace Sentinel.Checker.Tests;

/// <summary>The checker's own registrations with MassTransit's in-memory test harness in place of RabbitMQ.</summary>
public sealed class CheckerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CheckerHarness(ServiceProvider services, ITestHarness harness)
    {
        _services = services;
        Harness = harness;
    }

    public ITestHarness Harness { get; }

    public static async Task<CheckerHarness> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        // The test targets listen on loopback, as they would for a user of ./sentinel up.
        builder.Configuration["Outbound:AllowLoopback"] = "true";
        builder.AddProbes();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddCheckConsumers());
        builder.Services.Configure<TestHarnessOptions>(o => o.TestTimeout = TimeSpan.FromSeconds(20));
        var services = builder.Services.BuildServiceProvider(validateScopes: true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new CheckerHarness(services, harness);
    }

    /// <summary>
    /// Sends a check for <paramref name="url"/>, with any other settings from <paramref name="with"/>, and returns the
    /// result the checker published for it.
    /// </summary>
    public async Task<CheckCompleted> CheckAsync(
        string url, int timeoutSeconds = 5, IReadOnlyList<int>? expectedStatusCodes = null, IReadOnlyList<string>? conditions = null,
        Func<RunCheck, RunCheck>? with = null)
    {
        var check = NewCheck(url, timeoutSeconds) with { ExpectedStatusCodes = expectedStatusCodes ?? [], Conditions = conditions ?? [] };
        check = with?.Invoke(check) ?? check;
        await Harness.Bus.Publish(new RunChecks { Checks = [check] });
        var published = await Harness.Published
            .SelectAsync<ChecksCompleted>(m => m.Context.Message.Results.Any(r => r.CheckId == check.CheckId)).FirstOrDefault();
        Assert.NotNull(published);
        var result = published.Context.Message.Results.Single(r => r.CheckId == check.CheckId);
        Assert.Equal(check.MonitorId, result.MonitorId);
        Assert.Equal(check.ScheduledAt, result.ScheduledAt);
        return result;
    }

    public static RunCheck NewCheck(string url, int timeoutSeconds = 5) => new()
    {
        CheckId = NewId.NextGuid(),
        MonitorId = Guid.NewGuid(),
        Url = url,
        TimeoutSeconds = timeoutSeconds,
        FailureThreshold = 2,
        SuccessThreshold = 3,
        ScheduledAt = DateTime.UtcNow,
    };

    /// <summary>Every result published so far, from all <see cref="ChecksCompleted"/> messages.</summary>
    public IReadOnlyList<CheckCompleted> Results() =>
        Harness.Published.Select<ChecksCompleted>().SelectMany(m => m.Context.Message.Results).ToList();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
    }
}
