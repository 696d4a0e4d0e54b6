using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>
/// The supervisor <c>./sentinel up</c> runs each service under (<c>scripts/supervise.sh</c>), here on a real
/// scheduler (its own empty database: it sends nothing, consumes nothing) in a temporary data folder, watched and
/// stopped with <c>./sentinel status</c> and <c>./sentinel down</c> as a user would. <c>up</c> itself is not run: it
/// rebuilds the solution, under the tests that are running from it.
/// </summary>
public sealed partial class SupervisionTests : IAsyncLifetime
{
    private const string Service = "scheduler";

    private readonly TestDatabase _database = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sentinel-supervise-").FullName;
    private readonly int _port = TestTarget.FreePort();

    private string RunDirectory => Path.Combine(_dataDirectory, "run");
    private string LogPath => Path.Combine(_dataDirectory, "logs", Service + ".log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RunDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        await _database.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await SentinelAsync("down");  // when a test failed half-way; a no-op after a test's own down
        await _database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_restarted_and_status_shows_the_restart_and_the_signal()
    {
        var supervisor = await StartSupervisedAsync();
        var first = await RunningAsync(restarts: 0);
        Assert.Null(first.LastExit);

        var killedAt = DateTimeOffset.Now;
        using (var process = Process.GetProcessById(first.Pid))
        {
            process.Kill();  // SIGKILL: no chance to say goodbye
        }

        var second = await RunningAsync(restarts: 1);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal("signal KILL", second.LastExit);
        Assert.InRange(second.LastExitAt!.Value, killedAt.AddSeconds(-1), DateTimeOffset.Now);
        Assert.Contains($"{Service} exited (signal KILL) after ", Log());
        Assert.Contains("; restart 1 in 1 s", Log());

        await DownLeavesNothingRunningAsync(supervisor, first.Pid, second.Pid);
        Assert.Matches($@"^{Service}\s+stopped, restarts: 1, last exit: signal KILL at ", await StatusLineAsync());
    }

    [Fact]
    public async Task A_service_that_exits_with_code_0_is_restarted_too()
    {
        var supervisor = await StartSupervisedAsync();
        var first = await RunningAsync(restarts: 0);

        await SignalAsync("TERM", first.Pid);  // a clean shutdown of the service alone, as if it had decided to stop

        var second = await RunningAsync(restarts: 1);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal("code 0", second.LastExit);
        await DownLeavesNothingRunningAsync(supervisor, first.Pid, second.Pid);
    }

    [Fact]
    public async Task Down_while_a_restart_is_pending_stops_the_supervisor_and_starts_nothing()
    {
        var supervisor = await StartSupervisedAsync();
        var first = await RunningAsync(restarts: 0);

        await SignalAsync("KILL", first.Pid);
        // The supervisor has recorded the exit and is waiting out its first back-off (1 s) when down arrives, or
        // has just started the service again: either way down must leave nothing behind.
        await Eventually.Until(() => Task.FromResult(File.ReadAllText(Path.Combine(RunDirectory, Service + ".state"))),
            state => state.Contains("restarts=1"), "the supervisor to record the exit");

        await DownLeavesNothingRunningAsync(supervisor, first.Pid);
    }

    /// <summary>Starts the service under supervision as <c>./sentinel up</c> does, and returns the supervisor's pid.</summary>
    private async Task<int> StartSupervisedAsync()
    {
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     Path.Combine(TestInfrastructure.RepositoryRoot, "scripts", "supervise.sh"), _dataDirectory, Service,
                     _port.ToString(CultureInfo.InvariantCulture), ServiceProcess.DllPath("Scheduler"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in TestInfrastructure.BrokerSettings)
        {
            start.Environment[key] = value;
        }

        start.Environment["ConnectionStrings__Sentinel"] = _database.ConnectionString;
        using (Process.Start(start)!)
        {
        }

        var pidFile = Path.Combine(RunDirectory, Service + ".supervisor.pid");
        var pid = await Eventually.Until(
            () => Task.FromResult(File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : ""), p => p.Length > 0,
            $"the supervisor to write {pidFile}\n{Log()}");
        return int.Parse(pid, CultureInfo.InvariantCulture);
    }

    private sealed record ServiceStatus(int Pid, string? LastExit, DateTimeOffset? LastExitAt);

    /// <summary>Waits until <c>./sentinel status</c> shows the service running, healthy, after this many restarts.</summary>
    private async Task<ServiceStatus> RunningAsync(int restarts)
    {
        var line = await Eventually.Until(StatusLineAsync,
            l => RunningLine().Match(l) is { Success: true } m && m.Groups["health"].Value == "200"
                 && m.Groups["restarts"].Value == restarts.ToString(CultureInfo.InvariantCulture),
            $"status to show {Service} running and healthy after {restarts} restart(s)\n{Log()}");
        var match = RunningLine().Match(line);
        Assert.Equal(_port.ToString(CultureInfo.InvariantCulture), match.Groups["port"].Value);
        return new ServiceStatus(
            int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture),
            match.Groups["exit"].Success ? match.Groups["exit"].Value : null,
            match.Groups["at"].Success ? DateTimeOffset.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex($@"^{Service}\s+running \(pid (?<pid>\d+), port (?<port>\d+)\), /health: (?<health>\d+), restarts: (?<restarts>\d+)(, last exit: (?<exit>.+) at (?<at>\S+))?$")]
    private static partial Regex RunningLine();

    private async Task<string> StatusLineAsync() =>
        (await SentinelAsync("status")).Split('\n').Single(l => l.StartsWith(Service + " ", StringComparison.Ordinal));

    /// <summary>
    /// <c>./sentinel down</c>, then: the supervisor and every service process it ran are gone, no process serves
    /// this port, and the supervisor ended its own way (its last word in the log), not killed with a restart pending.
    /// </summary>
    private async Task DownLeavesNothingRunningAsync(int supervisor, params int[] services)
    {
        await SentinelAsync("down");

        foreach (var pid in services.Prepend(supervisor))
        {
            Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} still exists after down\n{Log()}");
        }

        Assert.Empty(ProcessesServingThisPort());
        Assert.EndsWith($"{Service} stopped; its supervisor exits", Log().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    /// <summary>Pids of processes started with this test's ASPNETCORE_URLS: any service the supervisor ran.</summary>
    private List<int> ProcessesServingThisPort()
    {
        var variable = $"ASPNETCORE_URLS=http://127.0.0.1:{_port}\0";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(variable, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read
            }
        }

        return found;
    }

    private string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Runs <c>./sentinel COMMAND</c> on this test's data folder and returns its standard output.</summary>
    private async Task<string> SentinelAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(TestInfrastructure.RepositoryRoot, "sentinel"), [command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SENTINEL_DATA_DIR"] = _dataDirectory;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"./sentinel {command} exited with {process.ExitCode}:\n{await stderr}");
        return stdout;
    }
}
