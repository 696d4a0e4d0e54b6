using System.Diagnostics;
using System.Net.Sockets;

namespace Sentinel.Testing;

/// <summary>
/// A PostgreSQL and RabbitMQ (one node, or a cluster) of one test's own (<c>./sentinel infra start DIR --fast
/// [--nodes N]</c>), for tests that kill the broker: the shared pair of <see cref="TestInfrastructure"/> serves every
/// test project at once.
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

    /// <summary>
    /// Settings a service needs to reach this broker, as configuration keys: on a cluster <c>RabbitMq__Nodes__0</c>…
    /// for every node, and <c>RabbitMq__Host</c> and <c>RabbitMq__Port</c> (node 1) besides.
    /// </summary>
    public IReadOnlyDictionary<string, string> BrokerSettings =>
        _settings.Where(s => s.Key.StartsWith("RabbitMq__", StringComparison.Ordinal)).ToDictionary();

    /// <summary>The version of the RabbitMQ server the scripts run (Debian's package), null if none is installed.</summary>
    public static Version? BrokerVersion { get; } = System.IO.Directory.Exists("/usr/lib/rabbitmq/lib")
        ? System.IO.Directory.GetDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*")
            .Select(d => Version.TryParse(Path.GetFileName(d)["rabbitmq_server-".Length..], out var v) ? v : null)
            .Max()
        : null;

    /// <summary>Starts PostgreSQL and a RabbitMQ of <paramref name="nodes"/> clustered nodes.</summary>
    public static Task<PrivateInfrastructure> StartAsync(int nodes = 1) => Task.Run(() =>
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("sentinel-private-").FullName;
        return new PrivateInfrastructure(directory, TestInfrastructure.StartInfrastructure(directory, "--nodes", nodes.ToString()));
    });

    /// <summary>
    /// Kills the Erlang VM of broker node <paramref name="node"/> (1 to N) with SIGKILL, as a crash or the kernel's
    /// OOM killer would: no connection is closed cleanly and nothing unconfirmed is kept. Returns once it is gone
    /// (its start script ends with it).
    /// </summary>
    public void KillBroker(int node = 1)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Directory, node == 1 ? "rabbitmq" : $"rabbitmq-{node}", "rabbit.pid")).Trim());
        using var broker = Process.GetProcessById(pid);
        broker.Kill();
        if (!broker.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"RabbitMQ (pid {pid}) still runs 30 s after SIGKILL");
        }
    }

    /// <summary>
    /// Starts the broker's lost nodes again, on the same ports and data (a cluster's rejoin it), and once they are
    /// ready (<c>rabbitmqctl wait</c>) returns when node 1 first accepted a connection, the moment services can
    /// reconnect to it.
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

    /// <summary>Each queue of the default virtual host with its type (<c>classic</c>, <c>quorum</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> QueueTypesAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(Directory, "rabbitmqctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "list_queues", "name", "type", "--quiet", "--no-table-headers" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Run(() => TestInfrastructure.RunScript("infra", "stop", Directory));
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
