using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>
/// A remote region's broker user, made as <c>./sentinel region add</c> makes it (the functions of scripts/regions.sh,
/// run here), once for the class: each rabbitmqctl call boots an Erlang VM.
/// </summary>
public sealed class RegionCredential : IAsyncLifetime
{
    public string Region { get; } = $"perm-{Guid.NewGuid():N}"[..16];
    public string User => $"sentinel-region-{Region}";
    public string Password { get; private set; } = "";

    public Task InitializeAsync()
    {
        Password = RegionsScript("region_user_add", TestInfrastructure.RabbitMqCtl, Region, TestInfrastructure.RabbitMqVirtualHost).Trim();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        RegionsScript("region_user_remove", TestInfrastructure.RabbitMqCtl, Region);
        await RegionCredentialTests.DeleteAsync(new[] { "", "_error", "_skipped" }.Select(suffix => QueueNames.RunCheckFor(Region) + suffix));
    }

    /// <summary>Runs a function of scripts/regions.sh (or any bash line) with the scripts sourced; returns stdout.</summary>
    public static string RegionsScript(string function, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        var root = TestInfrastructure.RepositoryRoot;
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{root}/scripts/lib.sh' && source '{root}/scripts/regions.sh' && {function} \"$@\"");
        start.ArgumentList.Add("regions");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{function} failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}

/// <summary>
/// What a remote region's credential may do on the broker: serve its region's checkers and nothing else. Its checker
/// stands in for a real one with the same bus wiring (<see cref="BusExtensions.AddSentinelBus"/>), the same queue and
/// the same messages.
/// </summary>
public sealed class RegionCredentialTests(RegionCredential credential) : IClassFixture<RegionCredential>, IAsyncLifetime
{
    private const ushort AccessRefused = 403;

    private readonly string _region = credential.Region;
    private readonly string _central = $"{credential.Region}-central-{Guid.NewGuid():N}"[..36];
    private readonly List<IHost> _hosts = [];

    private string User => credential.User;
    private string Password => credential.Password;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await DeleteAsync([$"{_central}-results", $"{_central}-seen"]);
    }

    /// <summary>Deletes these queues and the exchanges of the same names, as the broker's own user.</summary>
    internal static async Task DeleteAsync(IEnumerable<string> names)
    {
        using var connection = await ConnectAsync(TestInfrastructure.RabbitMqUsername, TestInfrastructure.RabbitMqPassword);
        using var channel = await connection.CreateChannelAsync();
        foreach (var name in names)
        {
            await channel.QueueDeleteAsync(name);
            await channel.ExchangeDeleteAsync(name);
        }
    }

    [Fact]
    public async Task A_region_checker_with_its_credential_takes_its_regions_checks_and_publishes_results()
    {
        var central = await StartCentralAsync();
        await StartRegionCheckerAsync();

        var checkId = Guid.NewGuid();
        await SendCheckAsync(central, checkId);

        var result = await ResultOfAsync(central, checkId);
        Assert.Equal(_region, result.Region);
        var seen = await central.Seen.Reader.ReadAsync().AsTask().WaitAsync(Eventually.Patience);
        Assert.Equal(_region, seen.Region);
    }

    [Fact]
    public async Task A_check_its_checker_fails_on_is_kept_in_the_regions_error_queue_and_checking_goes_on()
    {
        var central = await StartCentralAsync();
        await StartRegionCheckerAsync();

        await SendCheckAsync(central, RegionCheckerStandIn.Failing);
        var checkId = Guid.NewGuid();
        await SendCheckAsync(central, checkId);

        await ResultOfAsync(central, checkId);
        using var connection = await ConnectAsync(TestInfrastructure.RabbitMqUsername, TestInfrastructure.RabbitMqPassword);
        await Eventually.Until(
            () => MessagesInAsync(connection, QueueNames.RunCheckFor(_region) + "_error"), count => count == 1,
            "the failed check in the region's error queue");
    }

    /// <summary>How many messages wait in <paramref name="queue"/>; 0 while it does not exist.</summary>
    private static async Task<uint> MessagesInAsync(IConnection connection, string queue)
    {
        // A passive declare of a missing queue closes its channel: one channel per look.
        using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.MessageCountAsync(queue);
        }
        catch (OperationInterruptedException) when (channel.CloseReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    [Theory]
    [InlineData("run-check")]
    [InlineData("run-check-other")]
    [InlineData("check-completed")]
    [InlineData("test-check")]
    public async Task The_broker_refuses_the_credential_reading_any_queue_but_its_regions(string queue)
    {
        using var connection = await ConnectAsync(User, Password);
        using var channel = await connection.CreateChannelAsync();

        await Assert.ThrowsAnyAsync<OperationInterruptedException>(
            () => channel.BasicConsumeAsync(queue, autoAck: false, new AsyncEventingBasicConsumer(channel)));

        Assert.Equal<ushort?>(AccessRefused, channel.CloseReason?.ReplyCode);
    }

    [Theory]
    [InlineData("Sentinel.Contracts:RunChecks")]
    [InlineData("Sentinel.Contracts:MonitorStatusChanged")]
    [InlineData("run-check")]
    [InlineData("run-check-other")]
    [InlineData("")]
    public async Task The_broker_refuses_the_credential_publishing_anywhere_but_the_result_exchanges(string exchange)
    {
        using var connection = await ConnectAsync(User, Password);
        using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await channel.BasicPublishAsync(exchange, "run-check", mandatory: false, new BasicProperties(), "{}"u8.ToArray()));

        Assert.Equal<ushort?>(AccessRefused, channel.CloseReason?.ReplyCode);
    }

    [Fact]
    public async Task The_credential_is_not_a_database_user()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(TestInfrastructure.AdminConnectionString)
        {
            Username = User,
            Password = Password,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public void The_script_checks_region_names_by_the_same_rule_as_the_services()
    {
        Assert.Equal(RegionNames.Pattern, RegionCredential.RegionsScript("printf %s \"$REGION_PATTERN\""));
    }

    private sealed record Central(IBus Bus, Channel<ChecksCompleted> Results, Channel<CheckerSeen> Seen);

    /// <summary>The central side, as the broker's own user: what the scheduler sends and the recorder hears.</summary>
    private async Task<Central> StartCentralAsync()
    {
        var results = Channel.CreateUnbounded<ChecksCompleted>();
        var seen = Channel.CreateUnbounded<CheckerSeen>();
        var host = await StartBusAsync(TestInfrastructure.RabbitMqUsername, TestInfrastructure.RabbitMqPassword, bus =>
        {
            bus.AddConsumer<Collect<ChecksCompleted>>().Endpoint(e => e.Name = $"{_central}-results");
            bus.AddConsumer<Collect<CheckerSeen>>().Endpoint(e => e.Name = $"{_central}-seen");
        }, services => services.AddSingleton(results).AddSingleton(seen));
        return new Central(host.Services.GetRequiredService<IBus>(), results, seen);
    }

    private Task StartRegionCheckerAsync() => StartBusAsync(User, Password, bus =>
        bus.AddConsumer<RegionCheckerStandIn>().Endpoint(e => e.Name = QueueNames.RunCheckFor(_region)),
        services => services.AddSingleton(new RegionName(_region)));

    private static async Task<CheckCompleted> ResultOfAsync(Central central, Guid checkId)
    {
        using var patience = new CancellationTokenSource(Eventually.Patience);
        await foreach (var message in central.Results.Reader.ReadAllAsync(patience.Token))
        {
            if (message.Results.FirstOrDefault(r => r.CheckId == checkId) is { } result)
            {
                return result;
            }
        }

        throw new InvalidOperationException("the results channel ended");
    }

    private async Task SendCheckAsync(Central central, Guid checkId)
    {
        var endpoint = await central.Bus.GetSendEndpoint(QueueNames.RunCheckAddress(_region, quorumQueues: false));
        await endpoint.Send(new RunChecks
        {
            Checks =
            [
                new RunCheck
                {
                    CheckId = checkId,
                    MonitorId = Guid.NewGuid(),
                    Check = JsonSerializer.SerializeToElement(new { kind = "tcp", host = "127.0.0.1", port = 1 }),
                    ScheduledAt = DateTime.UtcNow,
                    Region = _region,
                },
            ],
        });
    }

    private async Task<IHost> StartBusAsync(
        string username, string password, Action<IBusRegistrationConfigurator> consumers, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = TestInfrastructure.RabbitMqHost,
            ["RabbitMq:Port"] = TestInfrastructure.RabbitMqPort,
            ["RabbitMq:VirtualHost"] = TestInfrastructure.RabbitMqVirtualHost,
            ["RabbitMq:Username"] = username,
            ["RabbitMq:Password"] = password,
        });
        builder.AddSentinelBus(consumers);
        services(builder.Services);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private static async Task<IConnection> ConnectAsync(string username, string password) =>
        await new ConnectionFactory
        {
            HostName = TestInfrastructure.RabbitMqHost,
            Port = int.Parse(TestInfrastructure.RabbitMqPort),
            VirtualHost = TestInfrastructure.RabbitMqVirtualHost,
            UserName = username,
            Password = password,
        }.CreateConnectionAsync();

    private sealed record RegionName(string Value);

    /// <summary>What a region's checker does on the broker: takes its queue's checks, publishes results and itself.</summary>
    private sealed class RegionCheckerStandIn(RegionName region, IBus bus) : IConsumer<RunChecks>
    {
        public static readonly Guid Failing = Guid.Parse("00000000-0000-0000-0000-00000000fa11");

        public async Task Consume(ConsumeContext<RunChecks> context)
        {
            if (context.Message.Checks.Any(c => c.CheckId == Failing))
            {
                throw new InvalidOperationException("a checker failing on a check");
            }

            // Through the bus, as the checker's ResultPublisher does, not the consume context.
            await bus.Publish(new ChecksCompleted
            {
                Results = context.Message.Checks.Select(c => new CheckCompleted
                {
                    CheckId = c.CheckId,
                    MonitorId = c.MonitorId,
                    ScheduledAt = c.ScheduledAt,
                    CheckedAt = DateTime.UtcNow,
                    Status = CheckStatus.Down,
                    LatencyMs = 1,
                    Region = region.Value,
                }).ToArray(),
            });
            await bus.Publish(new CheckerSeen
            {
                CheckerId = $"stand-in-{Environment.ProcessId}",
                Region = region.Value,
                Host = Environment.MachineName,
                StartedAt = DateTime.UtcNow,
                SeenAt = DateTime.UtcNow,
            });
        }
    }

    private sealed class Collect<T>(Channel<T> into) : IConsumer<T> where T : class
    {
        public async Task Consume(ConsumeContext<T> context) => await into.Writer.WriteAsync(context.Message);
    }
}
