using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Checks.Kinds;
using Sentinel.Data;
using Sentinel.Scheduler.Dispatch;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Scheduler.Tests;

/// <summary>
/// The scheduler's dispatcher on a fresh database, sending through MassTransit's in-memory test harness or, given
/// broker settings, through the real bus to RabbitMQ. It dispatches when told (no Quartz timer), so a test decides
/// when a due time is claimed.
/// </summary>
public sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IBusControl? _bus;

    private SchedulerHarness(TestDatabase database, ServiceProvider services, ITestHarness? harness, IBusControl? bus)
    {
        Database = database;
        _services = services;
        Harness = harness;
        _bus = bus;
    }

    public TestDatabase Database { get; }

    /// <summary>The in-memory harness; null on a real broker.</summary>
    public ITestHarness? Harness { get; }

    public DueCheckDispatcher Dispatcher => _services.GetRequiredService<DueCheckDispatcher>();

    /// <param name="broker">RabbitMQ settings (as configuration keys) to send through; null for the in-memory harness.</param>
    public static async Task<SchedulerHarness> StartAsync(IReadOnlyDictionary<string, string>? broker = null)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sentinel"] = database.ConnectionString,
            ["Scheduler:ChecksPerMessage"] = "2",
        });
        builder.Configuration.AddInMemoryCollection((broker ?? new Dictionary<string, string>())
            .ToDictionary(s => s.Key.Replace("__", ":"), s => (string?)s.Value));
        builder.AddSentinelDatabase();
        builder.AddDispatching();
        // No Quartz timer: a test dispatches when it means to. (Started by the harness, Quartz also held every
        // test's disposal for 30 s.)
        foreach (var quartz in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
                     && (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Namespace?.StartsWith("Quartz", StringComparison.Ordinal) == true).ToList())
        {
            builder.Services.Remove(quartz);
        }
        if (broker is null)
        {
            builder.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);
            builder.Services.AddMassTransitTestHarness();
        }
        else
        {
            builder.AddSentinelBus();
        }

        // As the scheduler runs (outside Development): the dispatcher, a singleton, takes the root send endpoint provider.
        var services = builder.Services.BuildServiceProvider(validateScopes: false);
        ITestHarness? harness = null;
        IBusControl? bus = null;
        if (broker is null)
        {
            harness = services.GetRequiredService<ITestHarness>();
            await harness.Start();
        }
        else
        {
            bus = services.GetRequiredService<IBusControl>();
            await bus.StartAsync();
        }

        return new SchedulerHarness(database, services, harness, bus);
    }

    /// <summary>An enabled http monitor due now, checked from <paramref name="regions"/>.</summary>
    public async Task<MonitorDefinition> AddDueMonitorAsync(List<string> regions, int quorum = 1, int? degradedAboveMs = null)
    {
        await using var db = Database.CreateDbContext();
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(),
            Name = "checkout",
            Check = new HttpCheck { Url = "http://127.0.0.1:9/health", TimeoutSeconds = 5 },
            IntervalSeconds = 60,
            Enabled = true,
            FailureThreshold = 2,
            SuccessThreshold = 3,
            Regions = regions,
            Quorum = quorum,
            DegradedAboveMs = degradedAboveMs,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            Schedule = new MonitorSchedule { NextCheckAt = DateTime.UtcNow.AddSeconds(-1) },
        };
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync();
        return monitor;
    }

    /// <summary>The due time the claim gives the monitor: its <c>next_check_at</c> as the database holds it.</summary>
    public async Task<DateTime> NextCheckAtAsync(Guid monitorId)
    {
        await using var db = Database.CreateDbContext();
        return db.MonitorSchedules.Single(s => s.MonitorId == monitorId).NextCheckAt;
    }

    public async ValueTask DisposeAsync()
    {
        if (Harness is not null)
        {
            await Harness.Stop();
        }

        if (_bus is not null)
        {
            await _bus.StopAsync();
        }

        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
