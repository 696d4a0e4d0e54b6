using System.Diagnostics;
using Npgsql;

namespace Sentinel.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the tests run against. <c>./sentinel test</c> starts them and exports their
/// settings; under a plain <c>dotnet test</c> the first test to ask starts a throwaway pair with the same script
/// (the Debian packages must be installed), stopped when the test process ends.
/// </summary>
public static class TestInfrastructure
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(Resolve);

    /// <summary>Connection string of a superuser on the test server, used to create one database per fixture.</summary>
    public static string AdminConnectionString => Settings.Value["ConnectionStrings__Sentinel"];

    public static string RabbitMqHost => Settings.Value["RabbitMq__Host"];
    public static string RabbitMqPort => Settings.Value["RabbitMq__Port"];
    public static string RabbitMqUsername => Settings.Value["RabbitMq__Username"];
    public static string RabbitMqPassword => Settings.Value["RabbitMq__Password"];
    public static string RabbitMqVirtualHost => Settings.Value.GetValueOrDefault("RabbitMq__VirtualHost", "/");

    /// <summary>The test broker's <c>rabbitmqctl</c>, a wrapper that reaches that node and only that one.</summary>
    public static string RabbitMqCtl => Settings.Value.TryGetValue("SENTINEL_RABBITMQCTL", out var ctl)
        ? ctl
        : throw new InvalidOperationException("SENTINEL_RABBITMQCTL is not set: run the tests with ./sentinel test, which exports it.");

    /// <summary>Settings a service needs to reach the broker, as environment variables / configuration keys.</summary>
    public static IReadOnlyDictionary<string, string> BrokerSettings => new Dictionary<string, string>
    {
        ["RabbitMq__Host"] = RabbitMqHost,
        ["RabbitMq__Port"] = RabbitMqPort,
        ["RabbitMq__Username"] = RabbitMqUsername,
        ["RabbitMq__Password"] = RabbitMqPassword,
        ["RabbitMq__VirtualHost"] = RabbitMqVirtualHost,
    };

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static IReadOnlyDictionary<string, string> Resolve()
    {
        string[] keys = ["ConnectionStrings__Sentinel", "RabbitMq__Host", "RabbitMq__Port", "RabbitMq__Username", "RabbitMq__Password"];
        if (keys.All(k => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(k))))
        {
            return keys.Append("RabbitMq__VirtualHost").Append("SENTINEL_RABBITMQCTL")
                .Where(k => Environment.GetEnvironmentVariable(k) is { Length: > 0 })
                .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k)!);
        }

        return StartThrowawayInfrastructure();
    }

    private static IReadOnlyDictionary<string, string> StartThrowawayInfrastructure() =>
        StartInfrastructure(Directory.CreateTempSubdirectory("sentinel-tests-").FullName);

    /// <summary>
    /// Starts PostgreSQL and RabbitMQ with their data in <paramref name="directory"/> (stopped and deleted when this
    /// process ends, whatever else happens) and returns their settings, as configuration keys.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> StartInfrastructure(string directory, params string[] options)
    {
        var output = RunScript(["infra", "start", directory, "--fast", .. options]);
        RunWhenThisProcessEnds($"'{Path.Combine(RepositoryRoot, "sentinel")}' infra stop '{directory}' >/dev/null 2>&1; rm -rf '{directory}'");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    /// <summary>
    /// A detached watcher runs <paramref name="command"/> (bash) once this process is gone, to stop what the tests
    /// started: the test platform may kill its test host outright, and then no exit handler of ours would run.
    /// </summary>
    internal static void RunWhenThisProcessEnds(string command)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {command}";
        var watcher = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "bash", "-c", script })
        {
            watcher.ArgumentList.Add(argument);
        }

        Process.Start(watcher)!.Dispose();
    }

    internal static string RunScript(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot, "sentinel"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'sentinel {string.Join(' ', arguments)}' failed ({process.ExitCode}); run the tests with ./sentinel test.\n{stderr.Result}");
        }

        return stdout;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sentinel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sentinel.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Connection string to <paramref name="database"/> on the test server.</summary>
    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;
}
