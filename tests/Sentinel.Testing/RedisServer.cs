using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Sentinel.Testing;

/// <summary>
/// A real Redis server (Debian's redis-server package, which <c>./sentinel test</c> installs) on a free loopback
/// port, saving nothing, its folder thrown away. Each test starts its own with the settings it needs.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string Binary = "/usr/bin/redis-server";

    // Every server of this test process lives in a folder under one root, with its pid file; one watcher stops those
    // still running if the process is killed before disposing them.
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("sentinel-redis-").FullName;
        TestInfrastructure.RunWhenThisProcessEnds(
            $"for f in '{root}'/*/redis.pid; do [ -s \"$f\" ] && kill \"$(cat \"$f\")\"; done 2>/dev/null; rm -rf '{root}'");
        return root;
    });

    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <param name="settings">redis-server options, such as <c>--requirepass secret</c>, after the test's own.</param>
    /// <param name="tlsCertificate">When given (with its private key), the port speaks TLS only, with it.</param>
    public static async Task<RedisServer> StartAsync(IReadOnlyList<string>? settings = null, X509Certificate2? tlsCertificate = null)
    {
        var port = TestTarget.FreePort();
        var folder = Directory.CreateDirectory(Path.Combine(Root.Value, Guid.NewGuid().ToString("N"))).FullName;
        var arguments = new List<string>
        {
            "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder,
            "--pidfile", Path.Combine(folder, "redis.pid"), "--logfile", "",
        };
        if (tlsCertificate is not null)
        {
            var certificate = Path.Combine(folder, "certificate.pem");
            var key = Path.Combine(folder, "key.pem");
            await File.WriteAllTextAsync(certificate, tlsCertificate.ExportCertificatePem());
            await File.WriteAllTextAsync(key, tlsCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            arguments.AddRange(["--port", "0", "--tls-port", port.ToString(), "--tls-cert-file", certificate, "--tls-key-file", key, "--tls-auth-clients", "no"]);
        }

        arguments.AddRange(settings ?? []);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
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
            throw new InvalidOperationException($"{Binary} did not start ({ex.Message}): install Debian's redis-server, or run the tests with ./sentinel test.", ex);
        }

        // Configuration errors go to stderr, the log to stdout.
        var output = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    // Keep reading what it logs, so that a full pipe never blocks it.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                    return server;
                }
            }
        }
        catch (OperationCanceledException)
        {
            output.Enqueue("(not ready after 20 s)");
        }

        server.Dispose();
        throw new InvalidOperationException($"redis-server did not start on port {port}:\n{string.Join('\n', output)}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
