using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Bench;

/// <summary>The dashboard's overview with many monitors: time per page, and what a first visit transfers.</summary>
public sealed record OverviewResult
{
    public required int Monitors { get; init; }
    public required int Requests { get; init; }
    public required double P50Ms { get; init; }
    public required double P95Ms { get; init; }
    public required double MaxMs { get; init; }

    /// <summary>Compressed bodies (Brotli, as a browser asks) of the page, its stylesheet and its script.</summary>
    public required long PageBytes { get; init; }

    public required long CssBytes { get; init; }
    public required long JsBytes { get; init; }
    public long FirstLoadBytes => PageBytes + CssBytes + JsBytes;
}

/// <summary>
/// Registers <c>monitors</c> monitors, each with a status, a last result and 24 hourly rollups (so every row has
/// its latency and a full 24-hour bar), logs in through the login form as a browser does and times <c>GET /</c>
/// one request at a time, compressed as a browser asks for it. On loopback, the time to the last byte is the
/// server's time plus a few hundred microseconds.
/// </summary>
public sealed partial class OverviewLatency(string apiUrl, NpgsqlDataSource db, string user, string password)
{
    public async Task<OverviewResult> RunAsync(SentinelLoad load, int monitors, int requests, Action<string> progress)
    {
        progress($"dashboard overview with {monitors} monitors");
        // Due in a day: the page is measured, not the checks.
        await load.SeedAsync(monitors, 60, TimeSpan.FromDays(1));
        await SeedHistoryAsync();

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("Accept-Encoding", "br, gzip");
        await LogInAsync(http);

        var (first, page) = await GetAsync(http, "/");
        var css = StylesheetLink().Match(page) is { Success: true } c ? (await GetAsync(http, WebUtility.HtmlDecode(c.Groups[1].Value))).Bytes : throw new InvalidOperationException("The overview links no stylesheet.");
        var js = ScriptLink().Match(page) is { Success: true } s ? (await GetAsync(http, WebUtility.HtmlDecode(s.Groups[1].Value))).Bytes : throw new InvalidOperationException("The overview loads no script.");

        for (var i = 0; i < 5; i++)
        {
            await GetAsync(http, "/"); // JIT and connection pool warm
        }

        var times = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await GetAsync(http, "/");
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var sorted = times.Order().ToArray();
        await load.ClearAsync();
        return new OverviewResult
        {
            Monitors = monitors, Requests = requests, P50Ms = Percentiles.Of(sorted, 0.5), P95Ms = Percentiles.Of(sorted, 0.95), MaxMs = sorted[^1],
            PageBytes = first, CssBytes = css, JsBytes = js,
        };
    }

    /// <summary>What the recorder would have written after a day: a last result, a status (one in 50 down), 24 hours of rollups.</summary>
    private async Task SeedHistoryAsync()
    {
        var histogram = new int[LatencyHistogram.BucketCount];
        histogram[LatencyHistogram.BucketOf(25)] = 60;
        // To the microsecond, as timestamptz keeps it: the check ids are computed from it as the scheduler computes them.
        var scheduledAt = DateTime.UtcNow.AddSeconds(-30);
        scheduledAt = scheduledAt.AddTicks(-(scheduledAt.Ticks % 10));
        var ids = new List<Guid>();
        await using (var read = db.CreateCommand("SELECT id FROM monitors"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        await using var batch = db.CreateBatch();
        batch.Timeout = 300;
        foreach (var (sql, parameters) in new (string, object[])[]
        {
            ("""
            INSERT INTO check_results (scheduled_at, monitor, latency_ms, checked_after_ms, region, outcome, errors)
            SELECT $1, number, 20 + random() * 30, 0, $2,
                   CASE WHEN hashtext(name) % 50 = 0 THEN $4 ELSE $3 END,
                   CASE WHEN hashtext(name) % 50 = 0 THEN ARRAY['connect: connection refused'] END
            FROM monitors
            """,
            [
                scheduledAt, Region.DefaultNumber, StoredOutcome.Of(CheckStatus.Up, false, 200), StoredOutcome.Of(CheckStatus.Down, false, null),
            ]),
            ("""
            INSERT INTO monitor_status (monitor_id, state, consecutive_failures, consecutive_successes, last_scheduled_at, last_check_id, last_checked_at)
            SELECT h.monitor_id, h.status, 0, 1, h.scheduled_at, c.check_id, h.checked_at
            FROM check_history h JOIN unnest($2::uuid[], $3::uuid[]) AS c(monitor_id, check_id) ON c.monitor_id = h.monitor_id
            WHERE h.scheduled_at = $1
            """,
            [scheduledAt, ids.ToArray(), ids.Select(id => SlotCheckId.For(id, scheduledAt)).ToArray()]),
            ("""
            INSERT INTO check_rollups (monitor_id, bucket_start, checks, up_checks, latency_sum_ms, latency_min_ms, latency_max_ms, latency_histogram)
            SELECT m.id, date_trunc('hour', now()) - make_interval(hours => h), 60, CASE WHEN h = 3 AND hashtext(m.name) % 50 = 0 THEN 45 ELSE 60 END,
                   1500, 21, 29, $1
            FROM monitors m, generate_series(0, 23) AS h
            """,
            [histogram]),
            ("ANALYZE check_results", []), ("ANALYZE monitor_status", []), ("ANALYZE check_rollups", []),
        })
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private async Task LogInAsync(HttpClient http)
    {
        var (_, form) = await GetAsync(http, "/login");
        var token = AntiforgeryToken().Match(form) is { Success: true } t ? WebUtility.HtmlDecode(t.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on /login.");
        using var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Logging in as {user} answered {(int)response.StatusCode}, not a redirect: is SENTINEL_BENCH_USER the api's first admin?");
        }
    }

    /// <summary>The body's size as sent (compressed), and its text.</summary>
    private static async Task<(long Bytes, string Text)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
        }

        var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault();
        await using var body = encoding switch
        {
            "br" => (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
            _ => new MemoryStream(bytes),
        };
        using var reader = new StreamReader(body);
        return (bytes.Length, await reader.ReadToEndAsync());
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
