using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Testing;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The monitor form's "Test now": one check on a real checker, its result on the page, nothing saved.</summary>
[Collection(BrokerRequestsCollection.Name)]
public sealed class MonitorTestNowPageTests(CheckerApiFactory factory) : IClassFixture<CheckerApiFactory>, IAsyncLifetime
{
    private DashboardSession _editor = null!;
    private TestTarget _target = null!;

    public async Task InitializeAsync()
    {
        _target = await TestTarget.StartAsync();
        var name = "tester-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, name, SentinelRoles.Editor);
        _editor = new DashboardSession(factory);
        await _editor.LogInAsync(name);
    }

    public async Task DisposeAsync()
    {
        _editor.Dispose();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Test_now_shows_the_result_of_one_check_keeps_the_form_and_saves_nothing()
    {
        var before = await CountAsync();

        var page = await TestNowAsync("/monitors/new?kind=http", new() { ["name"] = "checkout", ["url"] = _target.Url, ["timeoutSeconds"] = "5" });

        Assert.Matches("""<span class="status" data-status="up">Up</span>\s*in [0-9.]+ ms""", page);
        Assert.Matches("""<dt>Status code</dt><dd>200</dd>""", page);
        Assert.Contains("Nothing was saved.", page);
        Assert.Matches($"""name="url" value="{Regex.Escape(_target.Url)}"[\s/>]""", page);
        Assert.Equal(1, _target.Requests);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_failed_condition_of_a_test_is_shown_with_the_value_it_saw()
    {
        _target.StatusCode = 503;

        var page = await TestNowAsync("/monitors/new?kind=http", new() { ["name"] = "checkout", ["url"] = _target.Url, ["conditions"] = "[STATUS] == 200" });

        Assert.Contains("data-status=\"down\">Down</span>", page);
        Assert.Contains("<li>[STATUS] (503) == 200</li>", page);
    }

    [Fact]
    public async Task Testing_an_edited_monitor_sends_its_stored_secret_that_the_form_shows_masked()
    {
        using var api = factory.CreateAuthorizedClient();
        var created = await api.PostAsJsonAsync("/api/v1/monitors", new { name = "private", url = _target.Url, bearerToken = "stored-token-123456" });
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var page = await TestNowAsync($"/monitors/{id}/edit", []);

        Assert.Contains("data-status=\"up\">Up</span>", page);
        Assert.Equal("Bearer stored-token-123456", _target.LastRequest!.Value.Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_a_checker_test_now_says_no_checker_answered()
    {
        await factory.StopCheckerAsync();
        try
        {
            var page = await TestNowAsync("/monitors/new?kind=http", new() { ["name"] = "checkout", ["url"] = _target.Url, ["timeoutSeconds"] = "1" });

            Assert.Matches("""<div class="alert" role="alert"><strong>No checker answered</strong>""", page);
            Assert.DoesNotContain("Test result", page);
        }
        finally
        {
            await factory.StartCheckerAsync();
        }
    }

    private async Task<string> TestNowAsync(string page, Dictionary<string, string?> fields)
    {
        fields["action"] = "test";
        var response = await _editor.SubmitAsShownAsync(page, "monitor", fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private async Task<int> CountAsync()
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }
}
