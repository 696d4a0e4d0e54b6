using Sentinel.Checks.Kinds;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Webhook;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.Discord;

namespace Sentinel.Alerter.Tests;

/// <summary>
/// The alerter's registrations on a fresh real database, with MassTransit's in-memory harness for the bus, a
/// local webhook receiver standing in for Slack, Discord and webhooks, and a real SMTP server.
/// </summary>
public sealed class AlerterHarness : IAsyncLifetime
{
    /// <summary>Settings on top of the harness's own (<c>Alerter:PublicUrl</c>), read when it starts.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    private ServiceProvider _services = null!;
    private readonly DateTime _t0 = DateTime.UtcNow.AddMinutes(-5);
    private int _tick;

    public TestDatabase Database { get; } = new();
    public ITestHarness Harness { get; private set; } = null!;
    public IServiceProvider Services => _services;
    public WebhookReceiver Receiver { get; private set; } = null!;
    public SmtpSink Smtp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
        Smtp = await SmtpSink.StartAsync();
        var builder = AlerterBuilder();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddNotificationConsumers());
        builder.Services.Configure<TestHarnessOptions>(o => o.TestTimeout = TimeSpan.FromSeconds(30));
        _services = builder.Services.BuildServiceProvider(validateScopes: true);
        Harness = _services.GetRequiredService<ITestHarness>();
        await Harness.Start();
    }

    /// <summary>A second alerter replica on the same database, receiver and mail server (its background services not started).</summary>
    public ServiceProvider AnotherAlerter() => AlerterBuilder().Services.BuildServiceProvider(validateScopes: true);

    private HostApplicationBuilder AlerterBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = Database.ConnectionString;
        builder.Configuration["Outbound:AllowLoopback"] = "true";
        builder.Configuration["Smtp:Host"] = "127.0.0.1";
        builder.Configuration["Smtp:Port"] = Smtp.Port.ToString();
        builder.Configuration["Smtp:Security"] = "None";
        builder.Configuration["Smtp:From"] = "Sentinel <sentinel@example.com>";
        foreach (var (key, value) in Settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddSentinelDatabase();
        builder.AddNotifications();
        return builder;
    }

    public async Task DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await Receiver.DisposeAsync();
        Smtp.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>A working channel of <paramref name="type"/>, sending to the test receiver (email: to the SMTP sink).</summary>
    public Task<AlertChannel> AddChannelAsync(string type, string name, bool isDefault = false, bool notifyDegraded = false) => AddChannelAsync(name, type switch
    {
        "email" => new EmailChannel { To = ["ops@example.com"] },
        "webhook" => new WebhookChannel { Url = Receiver.UrlFor(name) },
        "discord" => new DiscordChannel { WebhookUrl = Receiver.UrlFor(name) },
        _ => new SlackChannel { WebhookUrl = Receiver.UrlFor(name) },
    }, isDefault, notifyDegraded);

    /// <param name="settings">The channel's settings as stored, unvalidated (the api would refuse some).</param>
    public async Task<AlertChannel> AddChannelAsync(string name, ChannelSettings settings, bool isDefault = false, bool notifyDegraded = false)
    {
        var channel = new AlertChannel
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Type = settings.Kind.Name,
            IsDefault = isDefault,
            NotifyDegraded = notifyDegraded,
            Config = settings,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await using var db = Database.CreateDbContext();
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    public async Task<MonitorDefinition> AddMonitorAsync(
        IEnumerable<AlertChannel> channels, bool sendOnResolved = true, int? reminderIntervalMinutes = null, Guid? escalationPolicyId = null, List<string>? tags = null)
    {
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(),
            Name = "checkout",
            Check = new HttpCheck { Url = "https://shop.example/health", TimeoutSeconds = 5 },
            IntervalSeconds = 60,
            Enabled = true,
            ChannelIds = channels.Select(c => c.Id).ToList(),
            SendOnResolved = sendOnResolved,
            ReminderIntervalMinutes = reminderIntervalMinutes,
            EscalationPolicyId = escalationPolicyId,
            Tags = tags ?? [],
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await using var db = Database.CreateDbContext();
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync();
        return monitor;
    }

    /// <summary>Stores a transition as the recorder would, and returns the message it would publish.</summary>
    /// <param name="regions">What each region saw, for a monitor checked from several.</param>
    public async Task<MonitorStatusChanged> TransitionAsync(
        MonitorDefinition monitor, MonitorState from, MonitorState to, IReadOnlyList<RegionResult>? regions = null)
    {
        var transition = new StatusTransition
        {
            Id = Guid.CreateVersion7(),
            MonitorId = monitor.Id,
            CheckId = Guid.NewGuid(),
            PreviousState = from,
            State = to,
            ChangedAt = _t0.AddSeconds(++_tick * 30),
            Error = to == MonitorState.Down ? "unexpected status code 503" : null,
            StatusCode = to == MonitorState.Down ? 503 : 200,
            LatencyMs = 42,
            Regions = regions?.ToList() ?? [],
        };
        await using var db = Database.CreateDbContext();
        db.StatusTransitions.Add(transition);
        await db.SaveChangesAsync();
        return new MonitorStatusChanged
        {
            TransitionId = transition.Id,
            MonitorId = monitor.Id,
            PreviousState = from,
            State = to,
            CheckId = transition.CheckId,
            ChangedAt = transition.ChangedAt,
            Error = transition.Error,
            StatusCode = transition.StatusCode,
            LatencyMs = transition.LatencyMs,
            Regions = transition.Regions,
        };
    }

    /// <summary>Publishes the transition and waits until the alerter has finished with it.</summary>
    public async Task NotifyAsync(MonitorStatusChanged change)
    {
        var before = Handled(change.TransitionId);
        await Harness.Bus.Publish(change);
        await Eventually.Until(() => Task.FromResult(Handled(change.TransitionId)), n => n > before, "the alerter to handle the transition");
    }

    private int Handled(Guid transitionId) =>
        Harness.Consumed.Select<MonitorStatusChanged>().Count(m => m.Context.Message.TransitionId == transitionId);
}
