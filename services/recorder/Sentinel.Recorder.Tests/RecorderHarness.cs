using Sentinel.Checks.Kinds;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Consumers;
using Sentinel.Recorder.Slots;
using Sentinel.Testing;

namespace Sentinel.Recorder.Tests;

/// <summary>The recorder's registrations on a fresh real database, with MassTransit's in-memory harness for the bus.</summary>
public sealed class RecorderHarness : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public TestDatabase Database { get; } = new();
    public ITestHarness Harness { get; private set; } = null!;

    /// <summary>
    /// The deadline sweep, for a test to run when it wants: it is not run in the background here
    /// (<c>RunSlotDeadlineSweep</c> is left out).
    /// </summary>
    public SlotDeadlineSweep Sweep => _services.GetRequiredService<SlotDeadlineSweep>();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = Database.ConnectionString;
        builder.AddSentinelDatabase();
        builder.AddRecording();
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            bus.AddResultConsumers();
            bus.AddCheckerSeenConsumer();
        });
        _services = builder.Services.BuildServiceProvider(validateScopes: true);
        Harness = _services.GetRequiredService<ITestHarness>();
        await Harness.Start();
    }

    public async Task DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<Guid> AddMonitorAsync()
    {
        await using var db = Database.CreateDbContext();
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(),
            Name = "target",
            Check = new HttpCheck { Url = "http://127.0.0.1:1/", TimeoutSeconds = 5 },
            IntervalSeconds = 60,
            Enabled = true,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync();
        return monitor.Id;
    }

    /// <summary>Declares regions besides the default one: results from a region not declared are not stored.</summary>
    public async Task DeclareRegionsAsync(params string[] names)
    {
        await using var db = Database.CreateDbContext();
        db.Regions.AddRange(names.Select(name => new Region { Name = name, CreatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
    }

    /// <summary>The monitor's stored results, as the api reads them, oldest due first.</summary>
    public async Task<List<RecordedCheck>> StoredAsync(Guid monitorId)
    {
        await using var db = Database.CreateDbContext();
        return await db.RecordedChecks.Where(r => r.MonitorId == monitorId).OrderBy(r => r.ScheduledAt).ToListAsync();
    }

    /// <summary>
    /// A due time in whole milliseconds, as the scheduler's are: PostgreSQL keeps microseconds, and a stored result's
    /// check id is computed from its due time as stored.
    /// </summary>
    public static DateTime WholeMilliseconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>
    /// Publishes the results, each in its own message as a checker would when they finish apart, and waits until
    /// the recorder has consumed each of them (its batch completed).
    /// </summary>
    public async Task RecordAsync(params CheckCompleted[] results)
    {
        var expected = results.Select(r => r.CheckId).ToList();
        var before = Consumed();
        foreach (var result in results)
        {
            await Harness.Bus.Publish(new ChecksCompleted { Results = [result] });
        }

        // Count deliveries, not ids: a redelivered result carries an id the recorder has already seen.
        var needed = before.Concat(expected).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        await Eventually.Until(
            () => Task.FromResult(Consumed().GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count())),
            seen => needed.All(n => seen.GetValueOrDefault(n.Key) >= n.Value),
            "the recorder to consume the results");
    }

    private List<Guid> Consumed() =>
        Harness.Consumed.Select<ChecksCompleted>().Where(m => m.Exception is null)
            .SelectMany(m => m.Context.Message.Results).Select(r => r.CheckId).ToList();

    public IReadOnlyList<MonitorStatusChanged> Published(Guid monitorId) =>
        Harness.Published.Select<MonitorStatusChanged>().Select(m => m.Context.Message).Where(m => m.MonitorId == monitorId).ToList();
}
