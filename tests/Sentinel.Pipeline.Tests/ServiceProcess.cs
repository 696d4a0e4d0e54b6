using System.Diagnostics;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>One Sentinel service running as its own process from its build output, logging to a file.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(string name, string host, int port, Process process, string logPath)
    {
        Name = name;
        Host = host;
        Port = port;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    /// <summary>Where it listens: loopback, or its network namespace's address.</summary>
    public string Host { get; }

    public int Port { get; }
    public string LogPath { get; }
    public string BaseUrl => $"http://{Host}:{Port}";

    /// <summary>Runs <c>Sentinel.{Service}.dll</c> with <paramref name="environment"/> and returns once it has exited.</summary>
    public static async Task RunToEndAsync(string service, IReadOnlyDictionary<string, string> environment, string logDirectory, params string[] arguments)
    {
        using var process = Start(service, environment, Path.Combine(logDirectory, $"{service}-{arguments.FirstOrDefault()}.log"), null, arguments);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{service} {string.Join(' ', arguments)} exited with {process.ExitCode}; see {logDirectory}");
        }
    }

    /// <summary>
    /// Starts <c>Sentinel.{Service}.dll</c> on a free port and waits until its /health answers 200; in the network
    /// namespace <paramref name="place"/> names, listening on its address there, when given.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string service, string name, IReadOnlyDictionary<string, string> environment, string logDirectory,
        (string Namespace, System.Net.IPAddress Address)? place = null)
    {
        var port = TestTarget.FreePort();
        var host = place?.Address.ToString() ?? "127.0.0.1";
        var env = new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = $"http://{host}:{port}" };
        var logPath = Path.Combine(logDirectory, name + ".log");
        var service_ = new ServiceProcess(name, host, port, Start(service, env, logPath, place?.Namespace), logPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (service_._process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited during start-up:\n{service_.LogTail()}");
            }

            try
            {
                if ((await http.GetAsync($"{service_.BaseUrl}/health")).IsSuccessStatusCode)
                {
                    return service_;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                service_.Dispose();
                throw new TimeoutException($"{name} not healthy after 60 s:\n{service_.LogTail()}");
            }

            await Task.Delay(200);
        }
    }

    private static Process Start(
        string service, IReadOnlyDictionary<string, string> environment, string logPath, string? networkNamespace, params string[] arguments)
    {
        var dll = DllPath(service);
        // `ip netns exec` enters the namespace and then becomes dotnet (exec), so the process is the service itself.
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        // Output arrives on two threads, possibly after the exit event: append line by line, each write on its own.
        var gate = new object();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    File.AppendAllText(logPath, line + "\n");
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The service's build output beside this test assembly's own configuration (Debug or Release).</summary>
    internal static string DllPath(string service)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(TestInfrastructure.RepositoryRoot, "services", service.ToLowerInvariant(), $"Sentinel.{service}", "bin", configuration, "net10.0", $"Sentinel.{service}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }

    /// <summary>The log's warnings, errors and failures, the last <paramref name="lines"/> of them: what a tail can scroll past.</summary>
    public string LogProblems(int lines = 20)
    {
        var tail = LogTail(int.MaxValue).Split('\n');
        return string.Join('\n', tail.Where(l => l.Contains(" warn: ") || l.Contains(" fail: ") || l.Contains(" crit: ")).TakeLast(lines));
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
