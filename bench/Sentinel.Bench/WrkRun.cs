using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sentinel.Bench;

/// <summary>What one run of <c>wrk --latency</c> reported.</summary>
public sealed partial record WrkRun
{
    public required double RequestsPerSecond { get; init; }
    public required long Requests { get; init; }
    public required double P50Ms { get; init; }
    public required double P99Ms { get; init; }

    /// <summary>Answers that were not 2xx or 3xx (a 429 from the rate limiter would count here).</summary>
    public required long NotSuccessful { get; init; }

    /// <summary>Connect, read and write errors and timeouts; a timed-out request is in no latency figure.</summary>
    public required long SocketErrors { get; init; }

    /// <summary>Reads wrk 4's report; throws with the report when a figure the bench needs is missing.</summary>
    public static WrkRun Parse(string output)
    {
        double Latency(string percentile) =>
            LatencyLine().Matches(output).FirstOrDefault(m => m.Groups[1].Value == percentile) is { } m
                ? ToMilliseconds(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value)
                : throw Unreadable(output, $"no {percentile}% latency (was --latency given?)");

        var socket = SocketErrorsLine().Match(output);
        return new WrkRun
        {
            RequestsPerSecond = RequestsPerSecondLine().Match(output) is { Success: true } rps
                ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw Unreadable(output, "no Requests/sec"),
            Requests = RequestsLine().Match(output) is { Success: true } n
                ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw Unreadable(output, "no request count"),
            P50Ms = Latency("50"),
            P99Ms = Latency("99"),
            NotSuccessful = NotSuccessfulLine().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            SocketErrors = socket.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0,
        };
    }

    /// <summary>Where wrk is installed (Debian package wrk), or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "wrk"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="wrk"/> with <paramref name="arguments"/> (which must ask for --latency) to its end and reads its report.</summary>
    public static async Task<WrkRun> RunAsync(string wrk, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {wrk}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? Parse(await output)
            : throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await error}{await output}");
    }

    // wrk prints durations with the largest unit that keeps them at 1 or more (format_time_us in its units.c).
    private static double ToMilliseconds(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "ms" => value,
        "s" => value * 1000,
        "m" => value * 60_000,
        "h" => value * 3_600_000,
        _ => throw new FormatException($"wrk printed a latency in an unknown unit '{unit}'"),
    };

    private static FormatException Unreadable(string output, string what) => new($"wrk's report has {what}:\n{output}");

    [GeneratedRegex(@"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s+(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NotSuccessfulLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
