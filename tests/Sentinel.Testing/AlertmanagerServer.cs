using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Sentinel.Testing;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager package, which <c>./sentinel test</c> installs) on
/// a free loopback port, clustering off, with a config that routes every alert to a receiver that sends nothing, and
/// its storage in a folder thrown away.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";

    // Alertmanager needs a route and a receiver; one without any notifier keeps alerts to its API.
    private const string Config = """
        route:
          receiver: nowhere
        receivers:
          - name: nowhere
        """;

    // Every server of this test process lives in a folder under one root with its pid; one watcher stops those still
    // running if the process is killed before disposing them.
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("sentinel-alertmanager-").FullName;
        TestInfrastructure.RunWhenThisProcessEnds(
            $"for f in '{root}'/*/alertmanager.pid; do [ -s \"$f\" ] && kill \"$(cat \"$f\")\"; done 2>/dev/null; rm -rf '{root}'");
        return root;
    });

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private AlertmanagerServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri(Url) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<AlertmanagerServer> StartAsync()
    {
        var port = TestTarget.FreePort();
        var folder = Directory.CreateDirectory(Path.Combine(Root.Value, Guid.NewGuid().ToString("N"))).FullName;
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, Config);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}",
            // Empty turns clustering off: no gossip port, and no wait for peers before it is ready.
            "--cluster.listen-address=",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{Binary} did not start ({ex.Message}): install Debian's prometheus-alertmanager, or run the tests with ./sentinel test.", ex);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "alertmanager.pid"), process.Id.ToString());
        // It logs to stderr; kept for the error message, and read so that a full pipe never blocks it.
        var output = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);

        var server = new AlertmanagerServer(process, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await server._http.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"Alertmanager did not get ready on port {port}:\n{string.Join('\n', output)}");
    }

    /// <summary>The alerts Alertmanager holds and has not seen resolved (<c>GET /api/v2/alerts</c> leaves those out).</summary>
    public async Task<IReadOnlyList<AlertmanagerAlert>> AlertsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true"));
        return document.RootElement.EnumerateArray().Select(a => new AlertmanagerAlert(
            a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("status").GetProperty("state").GetString()!,
            a.GetProperty("startsAt").GetDateTime().ToUniversalTime(),
            a.GetProperty("endsAt").GetDateTime().ToUniversalTime(),
            a.TryGetProperty("generatorURL", out var generator) ? generator.GetString() : null)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <param name="State">Alertmanager's word for it: <c>active</c>, <c>suppressed</c> or <c>unprocessed</c>.</param>
/// <param name="EndsAt">When it resolves (or resolved): Alertmanager's own guess from its resolve_timeout while it fires without one.</param>
public sealed record AlertmanagerAlert(
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string State, DateTime StartsAt, DateTime EndsAt, string? GeneratorUrl);
