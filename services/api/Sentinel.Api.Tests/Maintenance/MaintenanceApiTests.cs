using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Maintenance;

public sealed class MaintenanceApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Route = "/api/v1/maintenance-windows";
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync(Route, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{Route}/{JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]}", response.Headers.Location?.ToString());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<string> MonitorAsync(string name, params string[] tags)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name, url = "https://a.example/", tags });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<string> StatusOfAsync(string monitorId) =>
        (string)JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitorId}"))!["status"]!;

    [Fact]
    public async Task A_one_off_window_on_now_is_active_with_its_current_occurrence()
    {
        var monitor = await MonitorAsync("db");
        var now = DateTime.UtcNow;

        var created = await CreateAsync(new
        {
            name = "database upgrade", description = "Postgres 17", startsAt = Iso(now.AddMinutes(-5)), endsAt = Iso(now.AddHours(1)),
            monitorIds = new[] { monitor },
        });

        Assert.Equal("oneOff", (string?)created["kind"]);
        Assert.True((bool)created["active"]!);
        Assert.Equal(Iso(now.AddHours(1)), Iso((DateTime)created["currentOccurrence"]!["end"]!));
        Assert.Null(created["nextOccurrence"]);
        var listed = JsonNode.Parse(await _client.GetStringAsync(Route))!["items"]!.AsArray();
        Assert.Contains(listed, w => (string?)w!["id"] == (string?)created["id"]);
        var got = JsonNode.Parse(await _client.GetStringAsync($"{Route}/{created["id"]}"))!;
        Assert.Equal("Postgres 17", (string?)got["description"]);
    }

    [Fact]
    public async Task A_weekly_window_in_berlin_time_shows_its_next_occurrence_in_utc()
    {
        var created = await CreateAsync(new { name = "weekly patching", cron = "0 3 * * 0", timeZone = "Europe/Berlin", durationMinutes = 90, tags = new[] { "Patching" } });

        Assert.Equal("recurring", (string?)created["kind"]);
        Assert.Equal(["patching"], created["tags"]!.AsArray().Select(t => (string)t!));
        var next = (DateTime)created["nextOccurrence"]!["start"]!;
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(next.ToUniversalTime(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal((DayOfWeek.Sunday, 3, 0), (berlin.DayOfWeek, berlin.Hour, berlin.Minute));
        Assert.Equal(TimeSpan.FromMinutes(90), (DateTime)created["nextOccurrence"]!["end"]! - next);
    }

    [Theory]
    [InlineData("* * * * *", 5)]
    [InlineData("0 0 * * *", 1440)]
    [InlineData("0 9 * * 1-5", 2880)]
    public async Task A_recurring_window_whose_occurrences_would_meet_is_refused_naming_its_duration(string cron, int minutes)
    {
        // Occurrences that meet make one endless window, with no start or end to tell anyone about.
        var response = await _client.PostAsJsonAsync(Route, new { name = "always", cron, timeZone = "UTC", durationMinutes = minutes, allMonitors = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("overlap", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["durationMinutes"]![0]);
    }

    [Fact]
    public async Task A_daily_window_a_minute_short_of_a_day_is_taken()
    {
        var created = await CreateAsync(new { name = "nightly", cron = "0 0 * * *", timeZone = "UTC", durationMinutes = 1439, tags = new[] { "never-used" } });

        Assert.NotNull(created["nextOccurrence"]);
    }

    public static TheoryData<string, string> BadWindows => new()
    {
        { """{"name":"x","cron":"every sunday","timeZone":"UTC","durationMinutes":60,"allMonitors":true}""", "cron" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"Mars/Olympus_Mons","durationMinutes":60,"allMonitors":true}""", "timeZone" },
        { """{"name":"x","startsAt":"2030-01-01T10:00:00Z","endsAt":"2030-01-01T09:00:00Z","allMonitors":true}""", "endsAt" },
        { """{"name":"x","startsAt":"2030-01-01T10:00:00Z","endsAt":"2030-01-01T10:00:00Z","allMonitors":true}""", "endsAt" },
        { """{"name":"x","startsAt":"2030-01-01T10:00:00Z","endsAt":"2030-01-01T11:00:00Z","cron":"0 3 * * 0","allMonitors":true}""", "cron" },
        { """{"name":"x","allMonitors":true}""", "cron" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":0,"allMonitors":true}""", "durationMinutes" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":10081,"allMonitors":true}""", "durationMinutes" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60}""", "monitorIds" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60,"monitorIds":["0195f6a1-0000-7000-8000-000000000001"]}""", "monitorIds[0]" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60,"allMonitors":true,"notifyChannelIds":["0195f6a1-0000-7000-8000-000000000002"]}""", "notifyChannelIds[0]" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60,"tags":["no spaces"]}""", "tags[0]" },
        { """{"cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60,"allMonitors":true}""", "name" },
        { """{"name":"x","cron":"0 3 * * 0","timeZone":"UTC","durationMinutes":60,"allMonitors":true,"colour":"red"}""", "colour" },
        { """{"name":"x","startsAt":"tomorrow","endsAt":"2030-01-01T11:00:00Z","allMonitors":true}""", "startsAt" },
    };

    [Theory]
    [MemberData(nameof(BadWindows))]
    public async Task Bad_windows_are_400_problems_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync(Route, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task An_unknown_monitor_among_known_ones_is_named_by_its_place()
    {
        var known = await MonitorAsync("known");

        var response = await _client.PostAsJsonAsync(Route, new
        {
            name = "x", cron = "0 3 * * 0", timeZone = "UTC", durationMinutes = 60, monitorIds = new[] { known, Guid.NewGuid().ToString() },
        });

        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["monitorIds[1]"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Put_replaces_a_window_and_takes_back_what_get_showed()
    {
        var id = (string)(await CreateAsync(new { name = "nightly", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, allMonitors = false, tags = new[] { "batch" } }))["id"]!;
        var shown = JsonNode.Parse(await _client.GetStringAsync($"{Route}/{id}"))!.AsObject();
        shown["name"] = "nightly backup";
        shown["durationMinutes"] = 45;

        var response = await _client.PutAsync($"{Route}/{id}", new StringContent(shown.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.Database.CreateDbContext();
        var stored = await db.MaintenanceWindows.SingleAsync(w => w.Id == Guid.Parse(id));
        Assert.Equal(("nightly backup", 45), (stored.Name, stored.DurationMinutes));
    }

    [Fact]
    public async Task A_merge_patch_turns_a_recurring_window_into_a_one_off_one()
    {
        var id = (string)(await CreateAsync(new { name = "nightly", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, tags = new[] { "batch" } }))["id"]!;

        var response = await _client.PatchAsync($"{Route}/{id}", new StringContent(
            """{"cron":null,"timeZone":null,"durationMinutes":null,"startsAt":"2030-01-01T10:00:00Z","endsAt":"2030-01-01T12:00:00Z"}""",
            Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("oneOff", (string?)patched["kind"]);
        Assert.Equal("2030-01-01T10:00:00Z", Iso((DateTime)patched["nextOccurrence"]!["start"]!));
        var bad = await _client.PatchAsync($"{Route}/{id}", new StringContent("""{"timeZone":"Nowhere/Else"}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_window_answers_204_then_404()
    {
        var id = (string)(await CreateAsync(new { name = "gone", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, tags = new[] { "x" } }))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"{Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync($"{Route}/{id}", new { name = "x", allMonitors = true })).StatusCode);
    }

    [Fact]
    public async Task A_monitor_covered_by_a_window_on_now_shows_maintenance_in_get_list_and_filter()
    {
        var tag = "maint-" + Guid.NewGuid().ToString("N")[..8];
        var covered = await MonitorAsync("covered-" + tag, tag);
        var byId = await MonitorAsync("by-id-" + tag);
        var other = await MonitorAsync("other-" + tag);
        await using (var db = api.Database.CreateDbContext())
        {
            foreach (var id in new[] { covered, byId, other })
            {
                db.MonitorStatuses.Add(new MonitorStatus { MonitorId = Guid.Parse(id), State = MonitorState.Down, AnnouncedState = MonitorState.Down });
            }

            await db.SaveChangesAsync();
        }

        var now = DateTime.UtcNow;
        await CreateAsync(new { name = "tagged", startsAt = Iso(now.AddMinutes(-1)), endsAt = Iso(now.AddHours(1)), tags = new[] { tag } });
        // Daily, from a minute ago, for two hours: on now.
        var started = now.AddMinutes(-1);
        await CreateAsync(new { name = "by id", cron = $"{started.Minute} {started.Hour} * * *", timeZone = "UTC", durationMinutes = 120, monitorIds = new[] { byId } });

        Assert.Equal("maintenance", await StatusOfAsync(covered));
        Assert.Equal("maintenance", await StatusOfAsync(byId));
        Assert.Equal("down", await StatusOfAsync(other));
        var inMaintenance = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors?status=maintenance&name={tag}"))!["items"]!.AsArray();
        Assert.Equal(new[] { byId, covered }.Order(), inMaintenance.Select(m => (string)m!["id"]!).Order());
        var down = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors?status=down&name={tag}"))!["items"]!.AsArray();
        Assert.Equal([other], down.Select(m => (string)m!["id"]!));
    }

    [Fact]
    public async Task History_items_say_whether_they_were_taken_in_maintenance()
    {
        var monitor = await MonitorAsync("history");
        var now = DateTime.UtcNow;
        await StoredResult.AddAsync(api.Database, [.. new[] { false, true }.Select(marked =>
            new StoredResult(Guid.Parse(monitor), now.AddSeconds(marked ? 1 : 0), CheckStatus.Down, Maintenance: marked))]);

        var items = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}/history"))!["items"]!.AsArray();

        Assert.Equal([true, false], items.Select(i => (bool)i!["maintenance"]!));
    }

    [Fact]
    public async Task A_read_key_lists_windows_but_cannot_create_one()
    {
        var reader = api.CreateClient();
        var (_, key) = await CreateReadKeyAsync();
        reader.DefaultRequestHeaders.Add("X-API-Key", key);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync(Route, new { name = "x", allMonitors = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync(Route)).StatusCode);
    }

    private async Task<(string Id, string Key)> CreateReadKeyAsync()
    {
        var created = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/keys", new { name = "reader", scope = "read" })).Content.ReadAsStringAsync())!;
        return ((string)created["id"]!, (string)created["key"]!);
    }

    [Fact]
    public async Task Deleting_a_monitor_or_channel_takes_it_off_windows_so_they_can_be_put_back_as_shown()
    {
        var monitor = await MonitorAsync("short-lived");
        var kept = await MonitorAsync("kept");
        var channel = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/channels", new { name = "hook", type = "webhook", config = new { url = "https://hooks.example/x" } })).Content.ReadAsStringAsync())!;
        var id = (string)(await CreateAsync(new
        {
            name = "nightly", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, monitorIds = new[] { monitor, kept }, notifyChannelIds = new[] { (string)channel["id"]! },
        }))["id"]!;

        await _client.DeleteAsync($"/api/v1/monitors/{monitor}");
        await _client.DeleteAsync($"/api/v1/channels/{channel["id"]}");
        var shown = JsonNode.Parse(await _client.GetStringAsync($"{Route}/{id}"))!.AsObject();
        var put = await _client.PutAsync($"{Route}/{id}", new StringContent(shown.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal([kept], shown["monitorIds"]!.AsArray().Select(m => (string)m!));
        Assert.Empty(shown["notifyChannelIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }
}
