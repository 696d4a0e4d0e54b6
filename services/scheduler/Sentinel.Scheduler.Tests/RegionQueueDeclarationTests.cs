using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Checker;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Scheduler.Tests;

/// <summary>
/// On a broker of its own with quorum queues, as on a cluster: a region whose checkers never started has no queue
/// yet, and must not hold back the other regions' checks.
/// </summary>
public sealed class RegionQueueDeclarationTests : IAsyncLifetime
{
    private static readonly Channel<CheckCompleted> Results = Channel.CreateUnbounded<CheckCompleted>();

    private PrivateInfrastructure _broker = null!;
    private IReadOnlyDictionary<string, string> _settings = null!;
    private readonly List<IHost> _checkers = [];

    public async Task InitializeAsync()
    {
        _broker = await PrivateInfrastructure.StartAsync();
        _settings = new Dictionary<string, string>(_broker.BrokerSettings) { ["RabbitMq__QuorumQueues"] = "true" };
    }

    public async Task DisposeAsync()
    {
        foreach (var checker in _checkers)
        {
            await checker.StopAsync();
            checker.Dispose();
        }

        await _broker.DisposeAsync();
    }

    /// <summary>
    /// A checker as its Program.cs composes it, in <paramref name="region"/>; the first one started also hands on every
    /// result published, to <see cref="Results"/>.
    /// </summary>
    private async Task StartCheckerAsync(string region)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_settings.ToDictionary(s => s.Key.Replace("__", ":"), s => (string?)s.Value));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checker:Region"] = region,
            ["Outbound:AllowLoopback"] = "true",
            ["ConnectionStrings:Sentinel"] = "",
        });
        builder.AddProbes();
        builder.AddSentinelBus(bus =>
        {
            bus.AddCheckConsumers(builder.Configuration);
            if (_checkers.Count == 0)
            {
                bus.AddConsumer<ResultSink>().Endpoint(e => e.Name = "test-results");
            }
        });
        builder.AddPresence();
        var host = builder.Build();
        _checkers.Add(host);
        await host.StartAsync();
    }

    [Fact]
    public async Task A_region_whose_checkers_never_started_gets_its_checks_queued_and_the_other_regions_are_checked()
    {
        await StartCheckerAsync(RegionNames.Default);
        await using var scheduler = await SchedulerHarness.StartAsync(_settings);
        var monitor = await scheduler.AddDueMonitorAsync([RegionNames.Default, "far"], quorum: 1);
        var dueAt = await scheduler.NextCheckAtAsync(monitor.Id);

        // No checker of "far" has bound its queue: the claim still goes through, and the default region checks.
        Assert.Equal(1, await scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));
        var first = await NextResultAsync();
        Assert.Equal(SlotCheckId.For(monitor.Id, dueAt, RegionNames.Default), first.CheckId);
        Assert.Equal("quorum", (await _broker.QueueTypesAsync())[QueueNames.RunCheckFor("far")]);

        // The queue the scheduler declared is the one a checker of the region declares: it starts, and runs the waiting check.
        await StartCheckerAsync("far");
        var second = await NextResultAsync();
        Assert.Equal(SlotCheckId.For(monitor.Id, dueAt, "far"), second.CheckId);
        Assert.Equal("far", second.Region);
        Assert.Equal(2, second.RegionCount);
    }

    private static async Task<CheckCompleted> NextResultAsync()
    {
        using var patience = new CancellationTokenSource(Eventually.Patience);
        return await Results.Reader.ReadAsync(patience.Token);
    }

    private sealed class ResultSink : IConsumer<ChecksCompleted>
    {
        public async Task Consume(ConsumeContext<ChecksCompleted> context)
        {
            foreach (var result in context.Message.Results)
            {
                await Results.Writer.WriteAsync(result);
            }
        }
    }
}
