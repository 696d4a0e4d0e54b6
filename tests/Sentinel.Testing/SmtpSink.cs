using System.Diagnostics;

namespace Sentinel.Testing;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, run by smtp_sink.py) that keeps every message it
/// accepts as a file.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private SmtpSink(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var port = TestTarget.FreePort();
        var folder = Directory.CreateTempSubdirectory("sentinel-smtp-").FullName;
        // Debian's interpreter, where the python3-aiosmtpd package installs, whatever python3 is first on PATH.
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "smtp_sink.py"), port.ToString(), folder })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (ready != "ready")
        {
            throw new InvalidOperationException($"smtp_sink.py did not start (is python3-aiosmtpd installed?): {await process.StandardError.ReadToEndAsync()}");
        }

        return new SmtpSink(process, folder, port);
    }

    /// <summary>The raw messages received so far, oldest first.</summary>
    public IReadOnlyList<string> Messages() =>
        new DirectoryInfo(_folder).GetFiles("*.eml").OrderBy(f => f.LastWriteTimeUtc).Select(f => File.ReadAllText(f.FullName)).ToList();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
