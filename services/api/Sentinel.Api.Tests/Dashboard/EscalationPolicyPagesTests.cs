using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The escalation policy pages: the list, the form with a row per step, the delete confirmation, and a viewer's view.</summary>
public sealed class EscalationPolicyPagesTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _api = factory.CreateAuthorizedClient();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    private DashboardSession _editor = null!;

    public async Task InitializeAsync() => _editor = await DashboardSession.LoggedInAsync(factory, "escalator-" + _suffix, SentinelRoles.Editor);

    public Task DisposeAsync()
    {
        _editor.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_policy_created_through_the_form_skips_empty_rows_and_is_listed_with_its_steps()
    {
        var pager = await ChannelAsync("pager");
        var lead = await ChannelAsync("lead");
        var form = await _editor.PageAsync("/escalation-policies/new");
        Assert.Contains("<legend>Step 3</legend>", form);
        Assert.Matches($"""<input type="checkbox" id="step-0-channel-{pager}" name="steps\[0\].channelIds" value="{pager}"[^>]*>""", form);

        var created = await _editor.SubmitAsShownAsync("/escalation-policies/new", "escalation-policy", new()
        {
            ["name"] = "payments " + _suffix, ["tags"] = "team:payments, Prod",
            ["steps[0].delayMinutes"] = "0", ["steps[0].channelIds"] = $"{pager}",
            // The second row left empty: the third becomes the second step.
            ["steps[2].delayMinutes"] = "15", ["steps[2].channelIds"] = $"{lead}",
        });

        Assert.Equal("/escalation-policies", PathOf(created));
        var stored = await StoredAsync("payments " + _suffix);
        Assert.Equal([$"0: {pager}", $"15: {lead}"], Steps(stored));
        Assert.Equal(["prod", "team:payments"], stored.Tags);
        var list = WebUtility.HtmlDecode(await _editor.PageAsync("/escalation-policies"));
        Assert.Contains($"data-policy-id=\"{stored.Id}\"", list);
        Assert.Contains($"<li>At once: pager {_suffix}</li>", list);
        Assert.Contains($"<li>After 15 minutes: lead {_suffix}</li>", list);
        Assert.Contains("<td>prod, team:payments</td>", list);
        Assert.Contains($"href=\"/escalation-policies/{stored.Id}/edit\"", list);
        Assert.Contains($"href=\"/escalation-policies/{stored.Id}/delete\"", list);
        Assert.Contains("<a href=\"/escalation-policies\"", list);
    }

    [Fact]
    public async Task A_later_step_due_no_later_than_the_one_before_is_refused_beside_its_delay_and_what_was_typed_is_kept()
    {
        var pager = await ChannelAsync("pager");
        var lead = await ChannelAsync("lead");

        var response = await _editor.SubmitAsShownAsync("/escalation-policies/new", "escalation-policy", new()
        {
            ["name"] = "backwards " + _suffix,
            ["steps[0].delayMinutes"] = "10", ["steps[0].channelIds"] = $"{pager}",
            ["steps[1].delayMinutes"] = "5", ["steps[1].channelIds"] = $"{lead}",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches("""<p class="field-error" id="error-steps\[1\]\.delayMinutes">Must be later than step 1&#x27;s 10 minutes""", page);
        Assert.Matches("""<input type="number" inputmode="numeric" id="field-steps\[1\]-delayMinutes" name="steps\[1\]\.delayMinutes" value="5"[^>]*aria-invalid="true" aria-describedby="error-steps\[1\]\.delayMinutes"[\s/>]""", page);
        Assert.Matches($"""id="step-1-channel-{lead}" name="steps\[1\]\.channelIds" value="{lead}" checked""", page);
        Assert.Matches($"""name="name" value="backwards {_suffix}"[\s/>]""", page);
        await using var db = factory.Database.CreateDbContext();
        Assert.False(await db.EscalationPolicies.AnyAsync(p => p.Name == "backwards " + _suffix));
    }

    [Fact]
    public async Task A_policy_without_steps_is_refused_beside_the_steps_and_a_step_without_channels_beside_its_channels()
    {
        var none = await (await _editor.SubmitAsShownAsync("/escalation-policies/new", "escalation-policy", new() { ["name"] = "empty " + _suffix }))
            .Content.ReadAsStringAsync();
        Assert.Contains("""<p class="field-error" id="error-steps">A policy has 1 to 10 steps.</p>""", none);

        var silent = await (await _editor.SubmitAsShownAsync("/escalation-policies/new", "escalation-policy", new()
        {
            ["name"] = "silent " + _suffix, ["steps[0].delayMinutes"] = "0",
        })).Content.ReadAsStringAsync();
        Assert.Contains("""<p class="field-error" id="error-steps[0].channelIds">A step tells 1 to 20 channels.</p>""", silent);
        Assert.Contains("""<fieldset class="step" aria-describedby="error-steps[0].channelIds">""", silent);
    }

    [Fact]
    public async Task Editing_shows_the_steps_and_saving_the_form_as_shown_keeps_them_then_delete_asks_first()
    {
        var pager = await ChannelAsync("pager");
        var lead = await ChannelAsync("lead");
        var id = await PolicyAsync("nights " + _suffix, (0, pager), (30, lead));
        var monitor = await _api.PostAsJsonAsync("/api/v1/monitors", new { name = "named " + _suffix, url = "https://a.example/", escalationPolicyId = id });
        var monitorId = Guid.Parse((string)(await monitor.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);

        var form = await _editor.PageAsync($"/escalation-policies/{id}/edit");
        Assert.Matches("""name="steps\[1\]\.delayMinutes" value="30"[\s/>]""", form);
        Assert.Matches($"""id="step-1-channel-{lead}" name="steps\[1\]\.channelIds" value="{lead}" checked""", form);
        Assert.Contains("<legend>Step 5</legend>", form);
        Assert.DoesNotContain("<legend>Step 6</legend>", form);
        var saved = await _editor.SubmitAsShownAsync($"/escalation-policies/{id}/edit", "escalation-policy", new() { ["description"] = "out of hours" });
        Assert.Equal("/escalation-policies", PathOf(saved));
        var stored = await StoredAsync("nights " + _suffix);
        Assert.Equal("out of hours", stored.Description);
        Assert.Equal([$"0: {pager}", $"30: {lead}"], Steps(stored));

        var confirm = await _editor.PageAsync($"/escalation-policies/{id}/delete");
        Assert.Contains($"Delete nights {_suffix}?", confirm);
        Assert.Contains("One monitor names this policy; they will use the policy their tags name, if any.", confirm);
        var deleted = await _editor.SubmitAsync($"/escalation-policies/{id}/delete", "delete-escalation-policy", []);
        Assert.Equal("/escalation-policies", PathOf(deleted));
        await using var db = factory.Database.CreateDbContext();
        Assert.False(await db.EscalationPolicies.AnyAsync(p => p.Id == id));
        Assert.Null((await db.Monitors.SingleAsync(m => m.Id == monitorId)).EscalationPolicyId);
        await _editor.PageAsync($"/escalation-policies/{id}/edit", HttpStatusCode.NotFound);
        await _editor.PageAsync($"/escalation-policies/{id}/delete", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_sees_the_policies_without_write_buttons_and_gets_403_for_every_write_page()
    {
        var id = await PolicyAsync("seen " + _suffix, (0, await ChannelAsync("pager")));
        using var viewer = await DashboardSession.LoggedInAsync(factory, "viewer-" + _suffix, SentinelRoles.Viewer);

        var list = await viewer.PageAsync("/escalation-policies");

        Assert.Contains($"data-policy-id=\"{id}\"", list);
        Assert.DoesNotContain("New policy", list);
        Assert.DoesNotContain($"/escalation-policies/{id}/edit", list);
        foreach (var page in new[] { "/escalation-policies/new", $"/escalation-policies/{id}/edit", $"/escalation-policies/{id}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(page)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, await viewer.PostEditorsFormAsync(_editor, page, "name"));
        }

        await using var db = factory.Database.CreateDbContext();
        Assert.Equal("seen " + _suffix, (await db.EscalationPolicies.SingleAsync(p => p.Id == id)).Name);
    }

    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");

    private async Task<Guid> ChannelAsync(string name)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/channels", new { name = $"{name} {_suffix}", type = "webhook", config = new { url = $"https://hooks.example/{name}" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private async Task<Guid> PolicyAsync(string name, params (int Delay, Guid Channel)[] steps)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/escalation-policies", new
        {
            name, steps = steps.Select(s => new { delayMinutes = s.Delay, channelIds = new[] { s.Channel } }),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private async Task<EscalationPolicy> StoredAsync(string name)
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.EscalationPolicies.AsNoTracking().SingleAsync(p => p.Name == name);
    }


    /// <summary>Each step as "delay: channel ids".</summary>
    private static List<string> Steps(EscalationPolicy policy) => policy.Steps.Select(s => $"{s.DelayMinutes}: {string.Join(", ", s.ChannelIds)}").ToList();
}
