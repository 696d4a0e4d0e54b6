using Sentinel.Channels;
using Sentinel.Channels.Kinds.Teams;
using Sentinel.Testing;
using static Sentinel.Alerter.Tests.Channels.SampleNotices;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class TeamsChannelTests : IAsyncLifetime
{
    private const string WorkflowUrl = "https://prod-12.westeurope.logic.azure.com:443/workflows/5f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SeCrEtSiGnAtUrE123";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void A_down_notice_is_a_message_holding_one_adaptive_card_with_a_red_title_and_the_facts()
    {
        var payload = Json(TeamsSender.Payload(Down));

        Assert.Equal("message", payload.GetProperty("type").GetString());
        var attachment = Assert.Single(payload.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(["TextBlock", "FactSet", "TextBlock"], body.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("DOWN: checkout <eu>", body[0].GetProperty("text").GetString());
        Assert.Equal("Attention", body[0].GetProperty("color").GetString());
        var facts = body[1].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("https://shop.example/health", facts["URL"]);
        Assert.Equal("unexpected status code 503", facts["Error"]);
        Assert.Equal("503", facts["Status code"]);
        Assert.Equal("2026-11-24 09:00:00 UTC", facts["Down since"]);
        Assert.Equal("Sentinel · 2026-11-24 09:00:00 UTC", body[2].GetProperty("text").GetString());
    }

    [Fact]
    public void An_up_notice_has_a_green_title_and_says_how_long_it_was_down()
    {
        var body = Json(TeamsSender.Payload(Up)).GetProperty("attachments")[0].GetProperty("content").GetProperty("body");

        Assert.Equal("UP: checkout <eu>", body[0].GetProperty("text").GetString());
        Assert.Equal("Good", body[0].GetProperty("color").GetString());
        Assert.Contains(body[1].GetProperty("facts").EnumerateArray(), f => f.GetProperty("title").GetString() == "Was down for" && f.GetProperty("value").GetString() == "12m 5s");
    }

    [Fact]
    public void A_long_error_is_clipped_so_the_card_stays_under_the_teams_message_limit()
    {
        var payload = Json(TeamsSender.Payload(Down with { Error = new string('x', 100_000) }));

        Assert.InRange(payload.GetRawText().Length, 1, 28 * 1024);
    }

    [Fact]
    public async Task The_card_is_posted_as_json_to_the_workflow_url_with_the_delivery_id()
    {
        var settings = new TeamsChannel { WebhookUrl = _receiver.UrlFor("workflows/abc/invoke") + "?sig=s3cr3t" };

        await new TeamsSender(Client()).SendAsync(Down, settings, CancellationToken.None);

        var (request, body) = SingleJsonPost(_receiver, "workflows/abc/invoke");
        Assert.Equal(Down.DeliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_workflow_that_is_gone_fails_for_good_and_a_throttled_one_is_retried()
    {
        var settings = new TeamsChannel { WebhookUrl = _receiver.UrlFor("flow") };
        _receiver.Answer("flow", 404, 429);
        var sender = new TeamsSender(Client());

        var gone = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None));
        var throttled = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None));

        Assert.False(gone.Transient);
        Assert.True(throttled.Transient);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);
    }

    [Fact]
    public void A_missing_or_non_http_url_is_an_error_under_webhookUrl()
    {
        Assert.Contains("webhookUrl", Resolve(new TeamsChannel()).Errors.Keys);
        Assert.Contains("webhookUrl", Resolve(new TeamsChannel { WebhookUrl = "teams://channel" }).Errors.Keys);
        Assert.Empty(Resolve(new TeamsChannel { WebhookUrl = " " + WorkflowUrl + " " }).Errors);
    }

    [Fact]
    public void The_masked_url_hides_the_signature_and_sent_back_keeps_the_stored_one()
    {
        var stored = (TeamsChannel)Resolve(new TeamsChannel { WebhookUrl = WorkflowUrl }).Resolved;

        var masked = (TeamsChannel)stored.Masked();
        var (errors, resolved) = Resolve(masked, stored);

        Assert.DoesNotContain("SeCrEtSiGnAtUrE", ChannelSettingsJson.Show(masked).ToJsonString());
        Assert.DoesNotContain("SeCrEtSiGnAtUrE", stored.Destination);
        Assert.Empty(errors);
        Assert.Equal(WorkflowUrl, ((TeamsChannel)resolved).WebhookUrl);
    }
}
