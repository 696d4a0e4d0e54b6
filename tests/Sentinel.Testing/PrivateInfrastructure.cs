using System.Diagnostics;
using System.Net.Sockets;

namespace Sentinel.Testing;

/// <summary>
/// A PostgreSQL and RabbitMQ pair of one test's own (<c>./sentinel infra start DIR --fast</c>), for tests that kill
/// the broker: the shared pair of <see cref="TestInfrastructure"/> serves every test project at once.
/// </summary>
public sealed class PrivateInfrastructure : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    private PrivateInfrastructure(string directory, IReadOnlyDictionary<string, string> settings)
    {
        Directory = directory;
        _settings = settings;
    }

    /// <summary>The folder holding the data, pid files and logs (<c>rabbitmq/log</c>).</summary>
    public string Directory { get; }

    /// <summary>Settings a service needs to reach this broker, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string> BrokerSettings =>
        _settings.Where(s => s.Key.StartsWith("RabbitMq__", StringComparison.Ordinal)).ToDictionary();

    public static Task<PrivateInfrastructure> StartAsync() => Task.Run(() =>
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("sentinel-private-").FullName;
        return new PrivateInfrastructure(directory, TestInfrastructure.StartInfrastructure(directory));
    });

    /// <summary>
    /// Kills the broker's Erlang VM with SIGKILL, as a crash or the kernel's OOM killer would: no connection is
    /// closed cleanly and nothing unconfirmed is kept. Returns once it is gone (its start script ends with it).
    /// </summary>
    public void KillBroker()
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Directory, "rabbitmq", "rabbit.pid")).Trim());
        using var broker = Process.GetProcessById(pid);
        broker.Kill();
        if (!broker.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"RabbitMQ (pid {pid}) still runs 30 s after SIGKILL");
        }
    }

    /// <summary>
    /// Starts the broker again, on the same ports and data, and once it is ready (<c>rabbitmqctl wait</c>) returns when
    /// it first accepted a connection, the moment services can reconnect.
    /// </summary>
    public async Task<DateTime> RestartBrokerAsync()
    {
        var started = Task.Run(() => TestInfrastructure.RunScript("infra", "start", Directory, "--fast"));
        var (host, port) = (BrokerSettings["RabbitMq__Host"], int.Parse(BrokerSettings["RabbitMq__Port"]));
        DateTime acceptedAt;
        DateTime? saidReadyAt = null;
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(host, port);
                acceptedAt = DateTime.UtcNow;
                break;
            }
            catch (SocketException)
            {
                if (started.IsCompleted)
                {
                    await started;
                    // Ready by rabbitmqctl's word; its listener may open a moment after.
                    saidReadyAt ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - saidReadyAt > TimeSpan.FromSeconds(10))
                    {
                        throw;
                    }
                }

                await Task.Delay(50);
            }
        }

        await started;
        return acceptedAt;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Run(() => TestInfrastructure.RunScript("infra", "stop", Directory));
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
