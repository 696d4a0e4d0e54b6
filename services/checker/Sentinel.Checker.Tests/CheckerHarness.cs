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
        builder.Services.AddMassTransitTestHarness(bus => bus.AddConsumer<RunCheckConsumer, RunCheckConsumerDefinition>());
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
        var check = new RunCheck
        {
            CheckId = NewId.NextGuid(),
            MonitorId = Guid.NewGuid(),
            Url = url,
            TimeoutSeconds = timeoutSeconds,
            ExpectedStatusCodes = expectedStatusCodes ?? [],
            Conditions = conditions ?? [],
            FailureThreshold = 2,
            SuccessThreshold = 3,
            ScheduledAt = DateTime.UtcNow,
        };
        check = with?.Invoke(check) ?? check;
        await Harness.Bus.Publish(check);
        var published = await Harness.Published.SelectAsync<CheckCompleted>(m => m.Context.Message.CheckId == check.CheckId).FirstOrDefault();
        Assert.NotNull(published);
        var result = published.Context.Message;
        Assert.Equal(check.MonitorId, result.MonitorId);
        Assert.Equal(check.ScheduledAt, result.ScheduledAt);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
    }
}
