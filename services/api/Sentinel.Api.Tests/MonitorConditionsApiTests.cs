using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

public sealed class MonitorConditionsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    [Fact]
    public async Task Conditions_are_saved_and_each_failed_one_shows_in_the_history()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "orders", url = "https://shop.example/health",
            conditions = new[] { "[STATUS] == 200", " [BODY].status == UP ", "[CERTIFICATE_EXPIRATION] > 72h" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal(["[STATUS] == 200", "[BODY].status == UP", "[CERTIFICATE_EXPIRATION] > 72h"], created.Spec<ProbeCheck>().Conditions);

        await StoredResult.AddAsync(api.Database,
            new StoredResult(created.Id, DateTime.UtcNow, CheckStatus.Down, 12, 503, ["[STATUS] (503) == 200", "[BODY].status (DOWN) == UP"]));

        var history = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{created.Id}/history"))!;
        var errors = history["items"]![0]!["errors"]!.AsArray().Select(e => (string)e!).ToArray();
        Assert.Equal(["[STATUS] (503) == 200", "[BODY].status (DOWN) == UP"], errors);
    }

    public static TheoryData<string, string[], string, string> BadConditions => new()
    {
        { "https://a.example/", ["[STATUS] == 200", "[STAUS] == 200"], "conditions[1]",
            "'[STAUS]' is not a placeholder; use [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DOMAIN_EXPIRATION], [DNS_RCODE], [IP], [DNS_ANSWER], [RESULT] (at 1)" },
        { "https://a.example/", ["[BODY].count > many"], "conditions[0]", "'many' is not a number, and [BODY].count > compares numbers (at 16)" },
        { "tcp://db.example:5432", ["[CONNECTED] == true", "[BODY] == pat(*ok*)"], "conditions[1]",
            "[BODY] does not apply to tcp:// checks, only to http:// and https:// (at 1)" },
        { "http://a.example/", ["[CERTIFICATE_EXPIRATION] > 72h"], "conditions[0]",
            "[CERTIFICATE_EXPIRATION] does not apply to http:// checks, only to https://, tls:// and grpcs:// (at 1)" },
        { "https://a.example/", ["[DNS_RCODE] == NOERROR"], "conditions[0]",
            "[DNS_RCODE] does not apply to https:// checks, only to dns:// (at 1)" },
        { "http://a.example/", ["[STATUS] == 200", "[IP] == 10.0.0.5"], "conditions[1]",
            "[IP] does not apply to http:// checks, only to dns:// (at 1)" },
        { "dns://10.0.0.53/a.example", ["[STATUS] == 200"], "conditions[0]",
            "[STATUS] does not apply to dns:// checks, only to http:// and https:// (at 1)" },
        { "dns://10.0.0.53/a.example?type=SOA", ["[DNS_RCODE] == NOERROR"], "url",
            "Unknown DNS record type 'SOA': use one of A, NS, CNAME, MX, TXT, AAAA." },
        { "https://a.example/", ["[BODY] == " + new string('x', 491)], "conditions[0]", "A condition is at most 500 characters (at 501)" },
        { "https://a.example/", Enumerable.Repeat("[STATUS] == 200", 21).ToArray(), "conditions", "At most 20 conditions." },
    };

    [Theory]
    [MemberData(nameof(BadConditions))]
    public async Task A_bad_condition_is_a_problem_naming_its_index_what_is_wrong_and_where(string url, string[] conditions, string field, string message)
    {
        var before = await CountMonitorsAsync();

        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "x", url, conditions });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, (string?)problem["errors"]![field]![0]);
        Assert.Equal(before, await CountMonitorsAsync());
    }

    [Fact]
    public async Task Dns_conditions_are_accepted_on_a_dns_monitor()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "resolver", url = "dns://10.0.0.53/db.internal?type=A",
            conditions = new[] { "[DNS_RCODE] == NOERROR", "[IP] == 10.0.0.5", "[RESPONSE_TIME] < 200" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal("dns://10.0.0.53/db.internal?type=A", created.Spec<ProbeCheck>().Url);
        Assert.Equal(["[DNS_RCODE] == NOERROR", "[IP] == 10.0.0.5", "[RESPONSE_TIME] < 200"], created.Spec<ProbeCheck>().Conditions);
    }

    [Fact]
    public async Task Conditions_and_expected_status_codes_together_are_refused_rather_than_one_silently_ignored()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "x", url = "https://a.example/", expectedStatusCodes = new[] { 404 }, conditions = new[] { "[STATUS] == 200" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("[STATUS] == any(200, 404)", (string?)problem["errors"]!["expectedStatusCodes"]![0]);
    }

    private async Task<int> CountMonitorsAsync()
    {
        await using var db = api.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }
}
