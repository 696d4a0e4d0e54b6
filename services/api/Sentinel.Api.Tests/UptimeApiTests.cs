using Sentinel.Checks.Kinds;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Monitors;
using Sentinel.Contracts;
using Sentinel.Data;
using Xunit.Abstractions;

namespace Sentinel.Api.Tests;

/// <summary>The API with its clock stopped half past an hour, so window edges fall where the tests put them.</summary>
public sealed class UptimeApiFactory : ApiFactory
{
    public static readonly DateTime Hour = CheckRollup.HourOf(DateTime.UtcNow);
    public static readonly DateTime Now = Hour.AddMinutes(30);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new StoppedClock(Now)));
    }

    private sealed class StoppedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}

public sealed class UptimeApiTests(UptimeApiFactory api, ITestOutputHelper output) : IClassFixture<UptimeApiFactory>
{
    private static readonly DateTime H = UptimeApiFactory.Hour;
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<Guid> AddMonitorAsync()
    {
        await using var db = api.Database.CreateDbContext();
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(), Name = "target", Check = new HttpCheck { Url = "http://127.0.0.1:1/", TimeoutSeconds = 5 }, IntervalSeconds = 10, Enabled = true,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync();
        return monitor.Id;
    }

    /// <summary>An hour of <paramref name="checks"/> results, all with the same latency.</summary>
    private static CheckRollup Rollup(Guid monitorId, DateTime bucketStart, int checks, int upChecks, double latencyMs)
    {
        var rollup = OldRollup(monitorId, bucketStart, checks, upChecks, latencyMs);
        rollup.LatencyMinMs = rollup.LatencyMaxMs = latencyMs;
        return rollup;
    }

    /// <summary>The same, as rolled up before rollups kept their smallest and largest latency.</summary>
    private static CheckRollup OldRollup(Guid monitorId, DateTime bucketStart, int checks, int upChecks, double latencyMs)
    {
        var rollup = new CheckRollup { MonitorId = monitorId, BucketStart = bucketStart, Checks = checks, UpChecks = upChecks, LatencySumMs = checks * latencyMs };
        rollup.LatencyHistogram[LatencyHistogram.BucketOf(latencyMs)] = checks;
        return rollup;
    }

    private async Task AddRollupsAsync(params CheckRollup[] rollups)
    {
        await using var db = api.Database.CreateDbContext();
        db.CheckRollups.AddRange(rollups);
        await db.SaveChangesAsync();
    }

    private static StatusTransition Transition(Guid monitorId, DateTime changedAt, MonitorState previous, MonitorState state) => new()
    {
        Id = Guid.CreateVersion7(), MonitorId = monitorId, CheckId = Guid.NewGuid(), PreviousState = previous, State = state, ChangedAt = changedAt,
        LatencyMs = 10,
    };

    private async Task<UptimeResponse> UptimeAsync(Guid monitorId, string window)
    {
        var response = await _client.GetAsync($"/api/v1/monitors/{monitorId}/uptime?window={window}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<UptimeResponse>();
    }

    [Fact]
    public async Task Uptime_over_a_window_older_than_the_hourly_retention_reads_daily_rollups_there_and_hourly_ones_after()
    {
        var monitor = await AddMonitorAsync();
        // Default retention: hourly rollups for 400 days, so days before the 399th are read from daily rollups.
        var hourlyFrom = MonitorUptime.HourlyFrom(new RetentionOptions(), UptimeApiFactory.Now);
        var oldDay = hourlyFrom.AddDays(-100);
        await using (var db = api.Database.CreateDbContext())
        {
            db.DailyRollups.AddRange(
                new DailyRollup { MonitorId = monitor, Day = oldDay, Checks = 1440, UpChecks = 1080, LatencySumMs = 1440 * 30.0 },
                new DailyRollup { MonitorId = monitor, Day = oldDay.AddDays(-1), Checks = 1440, UpChecks = 0, LatencySumMs = 1440 * 30.0 });
            // An hour housekeeping has rolled into its day but not dropped yet: counted once, by its day.
            db.CheckRollups.Add(Rollup(monitor, oldDay.AddHours(5), 60, 0, 30));
            db.CheckRollups.Add(Rollup(monitor, H.AddHours(-1), 60, 60, 30));
            await db.SaveChangesAsync();
        }

        var from = Uri.EscapeDataString(oldDay.AddHours(7).ToString("O"));
        var response = await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?from={from}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var uptime = await response.ReadAsync<UptimeResponse>();

        Assert.Equal((null, oldDay, UptimeApiFactory.Now), (uptime.Window, uptime.From, uptime.To));
        Assert.Equal((1500, 1140), (uptime.Checks, uptime.UpChecks));
        Assert.Equal(76.0, uptime.UptimePercent!.Value, 9);
    }

    [Theory]
    [InlineData("to=2026-01-01T00:00:00Z", "from")]
    [InlineData("window=7d&from=2026-01-01T00:00:00Z", "window")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("from=2999-01-01T00:00:00Z", "from")]
    public async Task A_bad_uptime_window_is_refused_by_name(string query, string field)
    {
        var monitor = await AddMonitorAsync();

        var response = await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task Uptime_overall_sums_every_region_and_a_region_s_counts_only_its_own_checks()
    {
        var monitor = await AddMonitorAsync();
        var eu = Rollup(monitor, H.AddHours(-2), 100, 40, 200);
        eu.Region = "eu";
        await AddRollupsAsync(Rollup(monitor, H.AddHours(-2), 100, 100, 20), eu);

        var overall = await UptimeAsync(monitor, "24h");
        var europe = await (await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?window=24h&region=eu")).ReadAsync<UptimeResponse>();
        var nowhere = await (await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?window=24h&region=us")).ReadAsync<UptimeResponse>();

        Assert.Equal((200, 140, 70.0, null), (overall.Checks, overall.UpChecks, overall.UptimePercent, overall.Region));
        Assert.Equal((100, 40, 40.0, 200.0, "eu"), (europe.Checks, europe.UpChecks, europe.UptimePercent, europe.MeanLatencyMs, europe.Region));
        Assert.Equal((0, null), (nowhere.Checks, nowhere.UptimePercent));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?region=EU!")).StatusCode);
    }

    [Fact]
    public async Task Uptime_sums_the_rollups_of_every_hour_overlapping_the_window_and_nothing_else()
    {
        var monitor = await AddMonitorAsync();
        var other = await AddMonitorAsync();
        await AddRollupsAsync(
            Rollup(monitor, H.AddHours(-25), 1000, 0, 5000),  // before the 24-hour window
            Rollup(monitor, H.AddHours(-24), 100, 90, 50),    // the window's first, partial hour
            Rollup(monitor, H.AddHours(-10), 300, 300, 20),
            Rollup(monitor, H, 100, 100, 400),                // the current hour
            Rollup(other, H.AddHours(-10), 5000, 0, 9000));

        var day = await UptimeAsync(monitor, "24h");

        Assert.Equal((monitor, "24h", H.AddHours(-24), UptimeApiFactory.Now), (day.MonitorId, day.Window, day.From, day.To));
        Assert.Equal((500, 490), (day.Checks, day.UpChecks));
        Assert.Equal(98.0, day.UptimePercent!.Value, 9);
        Assert.Equal((100 * 50 + 300 * 20 + 100 * 400) / 500.0, day.MeanLatencyMs);
        // The 475th of 500 latencies is one of the 400 ms ones.
        Assert.InRange(day.P95LatencyMs!.Value, 400 / (1 + LatencyHistogram.Precision), 400 * (1 + LatencyHistogram.Precision));
        Assert.Empty(day.Incidents);

        var week = await UptimeAsync(monitor, "7d");
        Assert.Equal((1500, 490, H.AddDays(-7)), (week.Checks, week.UpChecks, week.From));
        Assert.InRange(week.P95LatencyMs!.Value, 5000 / (1 + LatencyHistogram.Precision), 5000 * (1 + LatencyHistogram.Precision));
    }

    [Fact]
    public async Task One_check_reads_as_the_same_mean_and_p95()
    {
        var monitor = await AddMonitorAsync();
        // 71.55 ms falls in the bucket [64, 76.1) ms, whose middle is 69.79 ms.
        await AddRollupsAsync(Rollup(monitor, H.AddHours(-2), 1, 1, 71.55));

        var day = await UptimeAsync(monitor, "24h");

        Assert.Equal((71.55, 71.55), (day.MeanLatencyMs, day.P95LatencyMs));
    }

    [Fact]
    public async Task The_p95_stays_within_the_smallest_and_largest_latency_of_the_window()
    {
        var monitor = await AddMonitorAsync();
        // The 95th of 100 latencies is one of the 69 ms ones, in the bucket [64, 76.1) ms whose middle is 69.79 ms.
        await AddRollupsAsync(
            Rollup(monitor, H.AddHours(-3), 80, 80, 20),
            Rollup(monitor, H.AddHours(-2), 20, 20, 69));

        var day = await UptimeAsync(monitor, "24h");

        Assert.Equal(69, day.P95LatencyMs);
        Assert.InRange(day.MeanLatencyMs!.Value, 20, 69);
    }

    [Fact]
    public async Task A_window_with_hours_rolled_up_before_extremes_were_kept_reads_the_p95_from_the_histogram_alone()
    {
        var monitor = await AddMonitorAsync();
        // The old hour's latency is unknown beyond its bucket, so the new hour's 71.55 ms bounds nothing.
        await AddRollupsAsync(
            OldRollup(monitor, H.AddHours(-3), 1, 1, 71.55),
            Rollup(monitor, H.AddHours(-2), 1, 1, 71.55));

        var day = await UptimeAsync(monitor, "24h");

        Assert.Equal(69.79, day.P95LatencyMs);
        Assert.Equal(71.55, day.MeanLatencyMs);
    }

    [Fact]
    public async Task The_answer_is_camel_case_json_with_null_figures_when_there_are_no_checks()
    {
        var monitor = await AddMonitorAsync();

        var json = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}/uptime?window=30d"))!.AsObject();

        Assert.Equal(
            ["monitorId", "window", "region", "from", "to", "uptimePercent", "checks", "upChecks", "meanLatencyMs", "p95LatencyMs", "incidents"],
            json.Select(p => p.Key));
        Assert.Equal("30d", (string?)json["window"]);
        Assert.Equal(0, (long)json["checks"]!);
        Assert.Null(json["uptimePercent"]);
        Assert.Null(json["meanLatencyMs"]);
        Assert.Null(json["p95LatencyMs"]);
        Assert.Empty(json["incidents"]!.AsArray());
    }

    [Fact]
    public async Task Incidents_are_the_down_periods_clipped_to_the_window_with_an_ongoing_one_left_open()
    {
        var monitor = await AddMonitorAsync();
        var other = await AddMonitorAsync();
        await using (var db = api.Database.CreateDbContext())
        {
            db.StatusTransitions.AddRange(
                Transition(monitor, H.AddHours(-48), MonitorState.Pending, MonitorState.Up),
                Transition(monitor, H.AddHours(-40), MonitorState.Up, MonitorState.Down),   // over before the window
                Transition(monitor, H.AddHours(-35), MonitorState.Down, MonitorState.Up),
                Transition(monitor, H.AddHours(-26), MonitorState.Up, MonitorState.Down),   // down when the window opens
                Transition(monitor, H.AddHours(-20), MonitorState.Down, MonitorState.Up),
                Transition(monitor, H.AddHours(-5), MonitorState.Up, MonitorState.Down),
                Transition(monitor, H.AddHours(-5).AddMinutes(30), MonitorState.Down, MonitorState.Up),
                Transition(monitor, H.AddHours(-1), MonitorState.Up, MonitorState.Down),    // still down
                Transition(other, H.AddHours(-3), MonitorState.Pending, MonitorState.Down));
            await db.SaveChangesAsync();
        }

        var day = await UptimeAsync(monitor, "24h");

        Assert.Equal(
            [
                new IncidentResponse(H.AddHours(-24), H.AddHours(-20), 4 * 3600),
                new IncidentResponse(H.AddHours(-5), H.AddHours(-5).AddMinutes(30), 1800),
                new IncidentResponse(H.AddHours(-1), null, 5400),
            ],
            day.Incidents);
        var json = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}/uptime?window=24h"))!;
        Assert.True(json["incidents"]![2]!.AsObject().TryGetPropertyValue("end", out var end) && end is null);

        var quarter = await UptimeAsync(monitor, "90d");
        Assert.Equal([H.AddHours(-40), H.AddHours(-26), H.AddHours(-5), H.AddHours(-1)], quarter.Incidents.Select(i => i.Start));
    }

    [Theory]
    [InlineData("1y")]
    [InlineData("24")]
    [InlineData("7D")]
    public async Task A_window_other_than_24h_7d_30d_or_90d_answers_400_naming_window(string window)
    {
        var monitor = await AddMonitorAsync();

        var response = await _client.GetAsync($"/api/v1/monitors/{monitor}/uptime?window={window}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("24h, 7d, 30d, 90d", (string?)problem["errors"]!["window"]![0]);
    }

    [Fact]
    public async Task An_unknown_monitor_answers_404()
    {
        var response = await _client.GetAsync($"/api/v1/monitors/{Guid.NewGuid()}/uptime?window=24h");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// A measurement, not a timed assertion: 90 days of hourly rollups for one monitor among 50, written hour by hour
    /// as the recorder writes them (so one monitor's rows are spread over the table), then the 90-day uptime read
    /// repeatedly; the median is printed.
    /// </summary>
    [Fact]
    public async Task Ninety_days_of_a_ten_second_monitor_are_summed_from_2160_hourly_rollups()
    {
        var monitors = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            monitors.Add(await AddMonitorAsync());
        }

        await using (var db = api.Database.CreateDbContext())
        {
            // 360 results an hour (one every 10 s), one in a thousand down, latencies 20 ms and 80 ms: 2,160 rows per monitor.
            var histogram = new int[LatencyHistogram.BucketCount];
            histogram[LatencyHistogram.BucketOf(20)] = 340;
            histogram[LatencyHistogram.BucketOf(80)] = 20;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO check_rollups (monitor_id, bucket_start, checks, up_checks, latency_sum_ms, latency_histogram)
                SELECT m, {H} - make_interval(hours => h), 360, CASE WHEN h % 3 = 0 THEN 359 ELSE 360 END, 340 * 20 + 20 * 80, {histogram}
                FROM generate_series(2161, 0, -1) AS h CROSS JOIN unnest({monitors.ToArray()}) AS m
                WHERE h <> 2160
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE check_rollups");
        }

        var timings = new List<double>();
        UptimeResponse? uptime = null;
        for (var run = 0; run < 25; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            uptime = await UptimeAsync(monitors[17], "90d");
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        // The 90-day window starts 2,160 hours before the current one (no row there): the row 2,161 hours back stays out.
        Assert.Equal((2160 * 360L, 2160 * 360L - 720), (uptime!.Checks, uptime.UpChecks));
        Assert.Equal(100.0 * (2160 * 360 - 720) / (2160 * 360), uptime.UptimePercent!.Value, 9);
        Assert.Equal((340 * 20 + 20 * 80) / 360.0, uptime.MeanLatencyMs!.Value, 2);
        Assert.InRange(uptime.P95LatencyMs!.Value, 80 / (1 + LatencyHistogram.Precision), 80 * (1 + LatencyHistogram.Precision));
        var sorted = timings.Skip(5).Order().ToList();
        output.WriteLine($"90-day uptime over {2161 * monitors.Count} rollup rows: median {sorted[sorted.Count / 2]:F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms (after 5 warm-up requests)");
    }
}
