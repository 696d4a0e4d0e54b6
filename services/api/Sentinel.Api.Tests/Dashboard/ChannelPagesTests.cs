using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Api.Channels;
using Sentinel.Contracts;
using Sentinel.Testing;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Webhook;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The channel pages: the list, the form, the test and the delete confirmation.</summary>
[Collection(BrokerRequestsCollection.Name)]
public sealed class ChannelPagesTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string SlackUrl = "https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN";

    private readonly HttpClient _api = factory.CreateAuthorizedClient();
    private DashboardSession _editor = null!;

    public async Task InitializeAsync()
    {
        var name = "channels-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, name, SentinelRoles.Editor);
        _editor = new DashboardSession(factory);
        await _editor.LogInAsync(name);
    }

    public Task DisposeAsync()
    {
        _editor.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_slack_channel_created_through_the_form_is_listed_with_its_url_masked()
    {
        var form = await _editor.PageAsync("/channels/new?type=slack");
        foreach (var type in ChannelKinds.All.Select(k => k.Name))
        {
            Assert.Contains($"href=\"/channels/new?type={type}\"", form);
        }

        Assert.Contains("<a href=\"/channels/new?type=slack\" aria-current=\"page\">", form);
        Assert.Matches("""<label for="field-config-webhookUrl">Webhook URL</label>""", form);

        var created = await _editor.SubmitAsShownAsync("/channels/new?type=slack", "channel", new()
        {
            ["name"] = "ops slack", ["config.webhookUrl"] = SlackUrl, ["default"] = "true",
        });

        Assert.Equal("/channels", PathOf(created));
        var stored = await StoredAsync("ops slack");
        Assert.Equal(("slack", SlackUrl, true), (stored.Type, (stored.Config as SlackChannel)?.WebhookUrl, stored.IsDefault));
        var list = WebUtility.HtmlDecode(await _editor.PageAsync("/channels"));
        Assert.Matches($"""<td>ops slack</td>\s*<td>Slack</td>\s*<td class="mono">{Regex.Escape(SecretUrl.Mask(SlackUrl)!)}</td>\s*<td>Yes</td>""", list);
        Assert.DoesNotContain("secretTOKEN", list);
        Assert.Contains($"href=\"/channels/{stored.Id}/edit\"", list);
        Assert.Contains($"action=\"/channels/{stored.Id}/test\"", list);
        Assert.Contains($"href=\"/channels/{stored.Id}/delete\"", list);
    }

    [Fact]
    public async Task An_email_channel_takes_its_recipients_one_a_line_or_comma_separated()
    {
        await _editor.SubmitAsShownAsync("/channels/new?type=email", "channel", new()
        {
            ["name"] = "ops mail", ["config.to"] = "ops@example.com\noncall@example.com, boss@example.com",
        });

        Assert.Equal(["ops@example.com", "oncall@example.com", "boss@example.com"], ((EmailChannel)(await StoredAsync("ops mail")).Config).To);
    }

    [Fact]
    public async Task A_bad_webhook_url_is_refused_beside_its_field_and_what_was_typed_is_kept()
    {
        var response = await _editor.SubmitAsShownAsync("/channels/new?type=discord", "channel", new() { ["name"] = "ops", ["config.webhookUrl"] = "ftp://hooks.example/x" });

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"error-config.webhookUrl\">An http:// or https:// URL is required.</p>", page);
        Assert.Matches("""name="config.webhookUrl" value="ftp://hooks.example/x"[^>]*aria-invalid="true" aria-describedby="error-config.webhookUrl"[\s/>]""", page);
        Assert.Matches("""name="name" value="ops"[\s/>]""", page);
        await using var db = factory.Database.CreateDbContext();
        Assert.False(await db.AlertChannels.AnyAsync(c => c.Name == "ops" && c.Type == "discord"));
    }

    [Fact]
    public async Task Editing_shows_the_webhook_url_masked_and_saving_it_unchanged_keeps_the_stored_one()
    {
        var id = await CreateAsync(new { name = "team slack", type = "slack", config = new { webhookUrl = SlackUrl } });

        var edit = await _editor.PageAsync($"/channels/{id}/edit");
        Assert.DoesNotContain("secretTOKEN", edit);
        Assert.Contains(SecretUrl.Mask(SlackUrl)!, WebUtility.HtmlDecode(edit));
        Assert.Contains("shown masked", edit);

        var saved = await _editor.SubmitAsShownAsync($"/channels/{id}/edit", "channel", new() { ["name"] = "team slack renamed" });

        Assert.Equal("/channels", PathOf(saved));
        var stored = await StoredAsync("team slack renamed");
        Assert.Equal((id, SlackUrl), (stored.Id, (stored.Config as SlackChannel)?.WebhookUrl));
    }

    [Fact]
    public async Task Send_test_shows_whether_the_alerter_delivered_the_message()
    {
        var delivered = await CreateAsync(new { name = "works", type = "webhook", config = new { url = "https://hooks.example/ok" } });
        var refused = await CreateAsync(new { name = "broken", type = "webhook", config = new { url = "https://hooks.example/gone" } });
        // Stands in for the alerter (which owns sending), answering as it does: delivered, or refused with the reason.
        var alerter = StandInAlerter(context => context.RespondAsync(new ChannelTested
        {
            ChannelId = context.Message.ChannelId,
            Succeeded = context.Message.ChannelId == delivered,
            Error = context.Message.ChannelId == delivered ? null : "the webhook answered 410 Gone",
        }));
        await alerter.StartAsync();
        try
        {
            var ok = await _editor.SubmitAsync("/channels", $"/channels/{delivered}/test", []);
            var gone = await _editor.SubmitAsync("/channels", $"/channels/{refused}/test", []);

            Assert.Contains("<p class=\"notice\" role=\"status\">Delivered: the webhook service accepted the test message.</p>", await ok.Content.ReadAsStringAsync());
            Assert.Contains("<p class=\"alert\" role=\"alert\">Not delivered: the webhook answered 410 Gone</p>", await gone.Content.ReadAsStringAsync());
        }
        finally
        {
            await alerter.StopAsync();
        }
    }

    [Fact]
    public async Task Delete_asks_first_saying_which_monitors_lose_the_channel_and_deletes_it_on_confirmation()
    {
        var id = await CreateAsync(new { name = "old pager", type = "webhook", config = new { url = "https://pager.example/hook" } });
        var monitor = await _api.PostAsJsonAsync("/api/v1/monitors", new { name = "paged", url = "https://paged.example/", channelIds = new[] { id } });
        var monitorId = (string)(await monitor.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var confirm = await _editor.PageAsync($"/channels/{id}/delete");
        Assert.Contains("Delete old pager?", confirm);
        Assert.Contains("One monitor names this channel", confirm);
        Assert.Contains("<button type=\"submit\" class=\"danger\">Delete channel</button>", confirm);

        var deleted = await _editor.SubmitAsync($"/channels/{id}/delete", "delete-channel", []);

        Assert.Equal("/channels", PathOf(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/v1/channels/{id}")).StatusCode);
        Assert.Empty((await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{monitorId}"))!["channelIds"]!.AsArray());
    }

    [Fact]
    public async Task A_viewer_sees_the_channels_without_write_buttons_and_gets_403_for_every_write_page()
    {
        var id = await CreateAsync(new { name = "watched", type = "slack", config = new { webhookUrl = SlackUrl } });
        var viewerName = "viewer-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, viewerName, SentinelRoles.Viewer);
        using var viewer = new DashboardSession(factory);
        await viewer.LogInAsync(viewerName);

        var list = await viewer.PageAsync("/channels");
        Assert.Contains("<td>watched</td>", list);
        foreach (var write in new[] { "New channel", ">Edit<", ">Delete<", "Send test", "/test\"" })
        {
            Assert.DoesNotContain(write, list);
        }

        var token = Regex.Match(list, """name="__RequestVerificationToken" value="(?<token>[^"]+)"[\s/>]""").Groups["token"].Value;
        var pages = new[] { ("/channels/new?type=slack", "channel"), ($"/channels/{id}/edit", "channel"), ($"/channels/{id}/delete", "delete-channel"), ($"/channels/{id}/test", "send-test") };
        foreach (var (page, form) in pages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(page)).StatusCode);
            var posted = await viewer.Http.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = form, ["name"] = "taken over", ["config.webhookUrl"] = "https://evil.example/",
            }));
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        }

        Assert.Equal((id, "watched", SlackUrl), ((await StoredAsync("watched")).Id, (await StoredAsync("watched")).Name, ((SlackChannel)(await StoredAsync("watched")).Config).WebhookUrl));
    }

    [Fact]
    public async Task Markup_in_a_channel_name_is_shown_as_text()
    {
        const string name = "<script>alert(1)</script>";
        var id = await CreateAsync(new { name, type = "slack", config = new { webhookUrl = SlackUrl } });

        foreach (var path in new[] { "/channels", $"/channels/{id}/edit", $"/channels/{id}/delete", $"/channels/{id}/test" })
        {
            var page = await _editor.PageAsync(path);
            Assert.DoesNotContain(name, page);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        }
    }

    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");

    private async Task<Guid> CreateAsync(object channel)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/channels", channel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private async Task<Sentinel.Data.AlertChannel> StoredAsync(string name)
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.AlertChannels.AsNoTracking().SingleAsync(c => c.Name == name);
    }

    private static IBusControl StandInAlerter(Func<ConsumeContext<TestChannel>, Task> answer) => Bus.Factory.CreateUsingRabbitMq(bus =>
    {
        bus.Host(TestInfrastructure.RabbitMqHost, ushort.Parse(TestInfrastructure.RabbitMqPort), TestInfrastructure.BrokerSettings["RabbitMq__VirtualHost"], host =>
        {
            host.Username(TestInfrastructure.BrokerSettings["RabbitMq__Username"]);
            host.Password(TestInfrastructure.BrokerSettings["RabbitMq__Password"]);
        });
        bus.ReceiveEndpoint($"stand-in-alerter-{Guid.NewGuid():N}", endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Durable = false;
            endpoint.Handler<TestChannel>(context => answer(context));
        });
    });
}
