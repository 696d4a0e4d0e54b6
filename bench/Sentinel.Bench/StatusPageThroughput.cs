using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Bench;

/// <summary>A public status page under load: wrk's figures, what the page weighs, what serving it cost the api.</summary>
public sealed record StatusPageResult
{
    public const double GoalRequestsPerSecond = 2000;
    public const double GoalP99Ms = 50;
    public const long GoalCompressedBytes = 100 * 1024;

    public required int Monitors { get; init; }
    public required int Days { get; init; }
    public required string Path { get; init; }

    /// <summary>Checks per second offered to the pipeline while the page was measured, and recorded meanwhile.</summary>
    public required double ChecksOfferedPerSecond { get; init; }

    public double ChecksRecordedPerSecond { get; init; }

    /// <summary>Why there are no figures (the page was not served, wrk is missing); null when measured.</summary>
    public string? NotMeasured { get; init; }

    public int Threads { get; init; }
    public int Connections { get; init; }
    public int RunSeconds { get; init; }
    public IReadOnlyList<WrkRun> Runs { get; init; } = [];

    /// <summary>The median over the runs of their requests per second, and of their p50 and p99.</summary>
    public double RequestsPerSecond { get; init; }

    public double P50Ms { get; init; }
    public double P99Ms { get; init; }

    /// <summary>Body sizes of one answer each to <c>br, gzip</c> (what wrk asked), <c>gzip</c> alone, and no encoding.</summary>
    public long CompressedBytes { get; init; }

    public string? CompressedEncoding { get; init; }
    public long GzipBytes { get; init; }
    public long UncompressedBytes { get; init; }

    /// <summary>How many of the page's monitors the HTML names, a check that the page measured is the page seeded.</summary>
    public int MonitorsListed { get; init; }

    public string? CacheControl { get; init; }
    public bool HasETag { get; init; }

    /// <summary>The api's CPU over the measured runs, in cores (CPU seconds per second).</summary>
    public double ApiCpuCores { get; init; }

    public long NotSuccessful => Runs.Sum(r => r.NotSuccessful);
    public long SocketErrors => Runs.Sum(r => r.SocketErrors);
}

/// <summary>
/// A status page of 200 monitors with 90 days of history, served while the pipeline checks a fleet at a modest rate,
/// loaded with wrk (closed loop, kept-alive connections, compressed as a browser asks). The monitors are the bench's
/// usual ones (against the nginx target); their history, the page and its incidents are written straight into the
/// database (the management routes are not what is measured, and 432,000 rollups take seconds that way).
/// </summary>
public sealed class StatusPageThroughput(string apiUrl, NpgsqlDataSource db, ProcessSampler sampler, PipelineMetrics metrics)
{
    public const int PageMonitors = 200;
    public const int Days = 90;
    private const string Slug = "bench";

    public async Task<StatusPageResult> RunAsync(
        SentinelLoad load, int checksPerSecond, int intervalSeconds, int runs, int runSeconds, int connections, Action<string> progress)
    {
        const int threads = 2; // one per core of the machine the figures in docs/benchmarks.md come from
        var path = $"/status/{Slug}";
        var fleet = Math.Max(PageMonitors, checksPerSecond * intervalSeconds);
        var offered = (double)fleet / intervalSeconds;
        StatusPageResult Unmeasured(string why) => new()
        {
            Monitors = PageMonitors, Days = Days, Path = path, ChecksOfferedPerSecond = offered, NotMeasured = why,
        };

        if (WrkRun.Find() is not { } wrk)
        {
            progress("status page: skipped, wrk is not installed (Debian package wrk; ./sentinel bench installs it)");
            return Unmeasured("skipped: wrk is not installed");
        }

        progress($"status page with {PageMonitors} monitors and {Days} days of history, {fleet} monitors checked every {intervalSeconds} s ({offered:0} checks/s)");
        await load.SeedAsync(fleet, intervalSeconds, TimeSpan.FromSeconds(2));
        var monitors = await PageMonitorIdsAsync();
        await SeedHistoryAsync(monitors);
        var page = Page(monitors);
        var incidents = Incidents(monitors).ToList();
        await using (var context = NewContext())
        {
            context.StatusPages.Add(page);
            context.Incidents.AddRange(incidents);
            await context.SaveChangesAsync();
        }

        try
        {
            await WaitForStatusesAsync(monitors);
            using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
            {
                BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromSeconds(30),
            };
            var plain = await FetchOnceAsync(http, path, null);
            if (plain.Status != HttpStatusCode.OK)
            {
                progress($"status page: not served, GET {path} answered {(int)plain.Status}; nothing measured");
                return Unmeasured($"not served ({(int)plain.Status})");
            }

            var compressed = await FetchOnceAsync(http, path, "br, gzip");
            var gzip = await FetchOnceAsync(http, path, "gzip");
            if (compressed.Status != HttpStatusCode.OK || gzip.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} answered 200 uncompressed, then {(int)compressed.Status} for br and {(int)gzip.Status} for gzip");
            }

            var text = System.Text.Encoding.UTF8.GetString(plain.Body);
            var listed = Enumerable.Range(1, PageMonitors).Count(i => text.Contains(DisplayName(i), StringComparison.Ordinal));

            var url = new Uri(new Uri(apiUrl), path).ToString();
            progress($"status page: wrk warm-up {Math.Max(2, runSeconds / 2)} s, then {runs} × {runSeconds} s, {threads} threads, {connections} connections");
            await RunWrkAsync(wrk, url, threads, connections, Math.Max(2, runSeconds / 2));

            var measured = new List<WrkRun>();
            double apiCpu = 0, seconds = 0;
            var recordedBefore = await metrics.ScrapeAsync();
            var runsTime = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                var before = sampler.Sample();
                var stopwatch = Stopwatch.StartNew();
                var run = await RunWrkAsync(wrk, url, threads, connections, runSeconds);
                seconds += stopwatch.Elapsed.TotalSeconds;
                apiCpu += ProcessSampler.CpuBetween(before, sampler.Sample()).GetValueOrDefault("api");
                measured.Add(run);
                progress(string.Create(CultureInfo.InvariantCulture, $"status page run {i + 1}: {run.RequestsPerSecond:0} requests/s, p50 {run.P50Ms:0.0} ms, p99 {run.P99Ms:0.0} ms"));
            }

            var recorded = ((await metrics.ScrapeAsync()).Recorded - recordedBefore.Recorded) / runsTime.Elapsed.TotalSeconds;
            return new StatusPageResult
            {
                Monitors = PageMonitors, Days = Days, Path = path, ChecksOfferedPerSecond = offered, ChecksRecordedPerSecond = recorded,
                Threads = threads, Connections = connections, RunSeconds = runSeconds, Runs = measured,
                RequestsPerSecond = Median(measured.Select(r => r.RequestsPerSecond)),
                P50Ms = Median(measured.Select(r => r.P50Ms)),
                P99Ms = Median(measured.Select(r => r.P99Ms)),
                CompressedBytes = compressed.Body.Length, CompressedEncoding = compressed.Encoding ?? "none",
                GzipBytes = gzip.Body.Length, UncompressedBytes = plain.Body.Length,
                MonitorsListed = listed, CacheControl = plain.CacheControl, HasETag = plain.HasETag,
                ApiCpuCores = seconds > 0 ? apiCpu / seconds : 0,
            };
        }
        finally
        {
            // Pages and incidents name monitors without a foreign key: TRUNCATE monitors CASCADE leaves them behind.
            await using var context = NewContext();
            await context.StatusPages.Where(p => p.Id == page.Id).ExecuteDeleteAsync();
            var incidentIds = incidents.Select(i => i.Id).ToList();
            await context.Incidents.Where(i => incidentIds.Contains(i.Id)).ExecuteDeleteAsync();
            await load.ClearAsync();
        }
    }

    private SentinelDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<SentinelDbContext>();
        options.UseSentinelDatabase(db);
        return new SentinelDbContext(options.Options);
    }

    private static string DisplayName(int i) => $"Service {i:000}";

    /// <summary>The first 200 of the seeded fleet (SentinelLoad names them bench-0, bench-1, …), in that order.</summary>
    private async Task<List<Guid>> PageMonitorIdsAsync()
    {
        await using var command = db.CreateCommand("""
            UPDATE monitors SET created_at = now() - make_interval(days => $2 + 1)
            WHERE name = ANY($1)
            RETURNING id, substring(name FROM 7)::int
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, PageMonitors).Select(i => $"bench-{i}").ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Days });
        var ids = new SortedList<int, Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(1), reader.GetGuid(0));
        }

        return ids.Count == PageMonitors
            ? [.. ids.Values]
            : throw new InvalidOperationException($"Found {ids.Count} of the {PageMonitors} monitors bench-0 to bench-{PageMonitors - 1}.");
    }

    /// <summary>
    /// 90 days of hourly rollups as a monitor checked every minute would have them (2,160 a monitor, the current hour
    /// left to the recorder), most days whole; about one monitor-day in forty has an outage of 1 to 30 minutes, and
    /// the first 20 monitors were down together for 25 minutes twelve days ago (the resolved major incident). Each
    /// outage has its two transitions (down, then up again), so bars can tell its minutes.
    /// </summary>
    private async Task SeedHistoryAsync(List<Guid> monitors)
    {
        var histogram = new int[LatencyHistogram.BucketCount];
        histogram[LatencyHistogram.BucketOf(25)] = 60;
        await using var command = db.CreateCommand("""
            WITH page AS (SELECT id, n FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, n)),
            down AS (
                SELECT p.id AS monitor_id,
                       date_trunc('day', now(), 'UTC') - make_interval(days => d)
                         + make_interval(hours => abs(hashtext(p.id::text || 'h' || d)) % 24, mins => abs(hashtext(p.id::text || 's' || d)) % 30) AS started_at,
                       1 + abs(hashtext(p.id::text || 'm' || d)) % 30 AS minutes
                FROM page p, generate_series(1, $5 - 1) AS d
                WHERE d <> 12 AND abs(hashtext(p.id::text || 'd' || d)) % 40 = 0
                UNION ALL
                SELECT id, date_trunc('day', now(), 'UTC') - interval '12 days' + interval '14 hours 5 minutes', 25 FROM page WHERE n <= 20
            ),
            rollups AS (
                INSERT INTO check_rollups (monitor_id, bucket_start, checks, up_checks, latency_sum_ms, latency_min_ms, latency_max_ms, latency_histogram)
                SELECT p.id, b, 60, 60 - coalesce(d.minutes, 0), 1500, 21, 29, $2
                FROM page p
                CROSS JOIN generate_series(date_trunc('hour', now(), 'UTC') - make_interval(hours => 24 * $5),
                                           date_trunc('hour', now(), 'UTC') - interval '1 hour', interval '1 hour') AS b
                LEFT JOIN down d ON d.monitor_id = p.id AND date_trunc('hour', d.started_at, 'UTC') = b
            )
            INSERT INTO status_transitions (id, monitor_id, check_id, previous_state, state, changed_at, error, status_code, latency_ms, maintenance)
            SELECT gen_random_uuid(), monitor_id, gen_random_uuid(), $3, $4, started_at, 'connect: connection refused', NULL, 3, false FROM down
            UNION ALL
            SELECT gen_random_uuid(), monitor_id, gen_random_uuid(), $4, $3, started_at + make_interval(mins => minutes), NULL, 200, 25, false FROM down
            """);
        command.CommandTimeout = 300;
        command.Parameters.Add(new NpgsqlParameter { Value = monitors.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = histogram });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)MonitorState.Up });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)MonitorState.Down });
        command.Parameters.Add(new NpgsqlParameter { Value = Days });
        await command.ExecuteNonQueryAsync();
        await using var analyze = db.CreateCommand("ANALYZE check_rollups; ANALYZE status_transitions");
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Eight groups of 25, public, showing neither targets nor errors: a typical team's page, at its largest.</summary>
    private static StatusPage Page(List<Guid> monitors)
    {
        string[] groups = ["Website", "Public API", "Payments", "Search", "Messaging", "Storage", "Identity", "Partner integrations"];
        var perGroup = PageMonitors / groups.Length;
        return new StatusPage
        {
            Id = Guid.NewGuid(),
            Slug = Slug,
            Title = "Bench status",
            Description = "Every service we run for our customers, and how it has done over the last 90 days.",
            Visibility = StatusPageVisibility.Public,
            Groups = groups.Select((name, g) => new StatusPageGroup
            {
                Name = name,
                Monitors = monitors.Skip(g * perGroup).Take(perGroup)
                    .Select((id, i) => new StatusPageMonitor { MonitorId = id, DisplayName = DisplayName(g * perGroup + i + 1) }).ToList(),
            }).ToList(),
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
    }

    /// <summary>One open incident with two updates, and two resolved ones (one of them the 20 monitors' shared outage).</summary>
    private static IEnumerable<Incident> Incidents(List<Guid> monitors)
    {
        var now = DateTime.UtcNow;
        var outage = now.Date.AddDays(-12).AddHours(14).AddMinutes(5);
        Incident Make(string title, IncidentImpact impact, IEnumerable<Guid> affected, params (IncidentStatus Status, DateTime At, string Message)[] updates) => new()
        {
            Id = Guid.NewGuid(),
            Title = title,
            Impact = impact,
            MonitorIds = affected.ToList(),
            Status = updates[^1].Status,
            CreatedAt = updates[0].At,
            UpdatedAt = updates[^1].At,
            ResolvedAt = updates[^1].Status == IncidentStatus.Resolved ? updates[^1].At : null,
            Updates = updates.Select(u => new IncidentUpdate { Id = Guid.NewGuid(), Status = u.Status, Message = u.Message, CreatedAt = u.At }).ToList(),
        };

        yield return Make("Slow responses from the search service", IncidentImpact.Minor, monitors.Skip(75).Take(3),
            (IncidentStatus.Investigating, now.AddMinutes(-50), "Some searches take several seconds. We are looking into it."),
            (IncidentStatus.Identified, now.AddMinutes(-20), "A replica of the search index fell behind; it is being rebuilt, and searches are served by the others meanwhile."));
        yield return Make("Payments and the website unavailable", IncidentImpact.Major, monitors.Take(20),
            (IncidentStatus.Investigating, outage.AddMinutes(3), "The website and payments do not answer. We are investigating."),
            (IncidentStatus.Identified, outage.AddMinutes(10), "A configuration change took the load balancer's certificates away; it is being rolled back."),
            (IncidentStatus.Monitoring, outage.AddMinutes(27), "Everything answers again. We are watching error rates."),
            (IncidentStatus.Resolved, outage.AddMinutes(60), "Resolved. Payments attempted during the outage were not charged and can be retried."));
        yield return Make("Delayed e-mail notifications", IncidentImpact.Minor, monitors.Skip(100).Take(1),
            (IncidentStatus.Investigating, now.Date.AddDays(-40).AddHours(9), "Notification e-mails arrive up to an hour late."),
            (IncidentStatus.Resolved, now.Date.AddDays(-40).AddHours(11), "Our mail provider has cleared its queue; e-mails arrive on time again."));
    }

    /// <summary>Until every listed monitor has been checked once (a minute at most), so the page shows them up, not pending.</summary>
    private async Task WaitForStatusesAsync(List<Guid> monitors)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await using var count = db.CreateCommand("SELECT count(*) FROM monitor_status WHERE monitor_id = ANY($1)");
            count.Parameters.Add(new NpgsqlParameter { Value = monitors.ToArray() });
            if ((long)(await count.ExecuteScalarAsync())! == monitors.Count)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"The {monitors.Count} monitors of the status page were not all checked within a minute: is the pipeline running?");
    }

    private sealed record Fetched(HttpStatusCode Status, byte[] Body, string? Encoding, string? CacheControl, bool HasETag);

    /// <summary>One answer as sent: its body still encoded, and the headers a cache would use.</summary>
    private static async Task<Fetched> FetchOnceAsync(HttpClient http, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var response = await http.SendAsync(request);
        return new Fetched(
            response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentEncoding.FirstOrDefault(),
            response.Headers.CacheControl?.ToString(), response.Headers.ETag is not null);
    }

    private static Task<WrkRun> RunWrkAsync(string wrk, string url, int threads, int connections, int seconds) => WrkRun.RunAsync(wrk,
    [
        "--threads", $"{threads}", "--connections", $"{connections}", "--duration", $"{seconds}s", "--timeout", "5s", "--latency",
        "--header", "Accept-Encoding: br, gzip", url,
    ]);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
