using System.Diagnostics;

namespace Sentinel.Testing;

/// <summary>
/// A RabbitMQ cluster of its own for a test that breaks the broker (never the run's shared one): nodes on loopback
/// started by <c>./sentinel infra start DIR --nodes N</c>, stopped when disposed or, should the test host be
/// killed, when it is gone.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private RabbitMqCluster(string directory, IReadOnlyDictionary<string, string> settings)
    {
        _directory = directory;
        _settings = settings;
    }

    /// <summary>
    /// What a service needs to reach the cluster: <c>RabbitMq__Nodes__0</c>… for every node, and
    /// <c>RabbitMq__Host</c> and <c>RabbitMq__Port</c> (node 1) besides.
    /// </summary>
    public IReadOnlyDictionary<string, string> BrokerSettings =>
        _settings.Where(s => s.Key.StartsWith("RabbitMq__", StringComparison.Ordinal)).ToDictionary();

    public static async Task<RabbitMqCluster> StartAsync(int nodes)
    {
        var directory = Directory.CreateTempSubdirectory("sentinel-cluster-").FullName;
        TestInfrastructure.RunWhenThisProcessEnds(
            $"'{Path.Combine(TestInfrastructure.RepositoryRoot, "sentinel")}' infra stop '{directory}' >/dev/null 2>&1; rm -rf '{directory}'");
        // PostgreSQL starts with it, unused: the tests keep their databases on the run's server.
        var output = await Task.Run(() => TestInfrastructure.RunScript("infra", "start", directory, "--fast", "--nodes", nodes.ToString()));
        var settings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        return new RabbitMqCluster(directory, settings);
    }

    /// <summary>Kills node <paramref name="node"/> (1 to N) as a crash would: SIGKILL to its Erlang VM.</summary>
    public void Kill(int node)
    {
        var pidFile = Path.Combine(_directory, node == 1 ? "rabbitmq" : $"rabbitmq-{node}", "rabbit.pid");
        using var vm = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim()));
        vm.Kill();  // SIGKILL on Unix
        vm.WaitForExit();
    }

    /// <summary>Starts the nodes that are not running and returns once the cluster has all its nodes again.</summary>
    public Task RestartLostNodesAsync() => Task.Run(() => TestInfrastructure.RunScript("infra", "start", _directory));

    /// <summary>Each queue of the default virtual host with its type (<c>classic</c>, <c>quorum</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> QueueTypesAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(_directory, "rabbitmqctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
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
        await Task.Run(() => TestInfrastructure.RunScript("infra", "stop", _directory));
        Directory.Delete(_directory, recursive: true);
    }
}
