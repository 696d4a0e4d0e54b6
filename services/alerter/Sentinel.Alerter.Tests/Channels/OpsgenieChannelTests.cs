using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Opsgenie;
using Sentinel.Checks;
using Sentinel.Contracts;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class OpsgenieChannelTests(AlerterHarness alerter) : IClassFixture<AlerterHarness>
{
    private const string ApiKey = "eb243592-faa2-4ba2-a551q-1afdf565c889";

    private static readonly Notification Down = PagerDutyChannelTests.Down;
    private static readonly Notification Up = PagerDutyChannelTests.Up;

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private OpsgenieChannel Settings(string prefix) => new() { ApiKey = ApiKey, Priority = "P1", ApiUrl = alerter.Receiver.UrlFor(prefix).TrimEnd('/') };

    [Fact]
    public void A_down_creates_an_alert_aliased_by_the_outage_and_an_up_closes_that_alias()
    {
        var create = Json(OpsgenieSender.Payload(Down, Settings("format")));

        Assert.Equal("/v2/alerts", OpsgenieSender.PathFor(Down));
        Assert.Equal("DOWN: checkout", create.GetProperty("message").GetString());
        Assert.Equal(Down.IncidentName, create.GetProperty("alias").GetString());
        Assert.Equal("P1", create.GetProperty("priority").GetString());
        Assert.Equal(["sentinel", "eu", "prod"], create.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("Error: unexpected status code 503", create.GetProperty("description").GetString());
        Assert.Equal("checkout", create.GetProperty("entity").GetString());
        Assert.Equal("Sentinel", create.GetProperty("source").GetString());

        Assert.Equal($"/v2/alerts/{Down.IncidentName}/close?identifierType=alias", OpsgenieSender.PathFor(Up));
        var close = Json(OpsgenieSender.Payload(Up, Settings("format")));
        Assert.Equal("UP: checkout after 12m 5s", close.GetProperty("note").GetString());
        Assert.False(close.TryGetProperty("alias", out _));
    }

    [Fact]
    public void The_message_is_clipped_to_Opsgenies_130_characters()
    {
        var message = Json(OpsgenieSender.Payload(Down with { MonitorName = new string('m', 300) }, Settings("format"))).GetProperty("message").GetString()!;

        Assert.Equal(130, message.Length);
    }

    [Fact]
    public async Task Create_and_close_are_posted_with_the_GenieKey_authorization()
    {
        var sender = alerter.Services.GetRequiredService<OpsgenieSender>();

        await sender.SendAsync(Down, Settings("eu"), CancellationToken.None);
        await sender.SendAsync(Up, Settings("eu"), CancellationToken.None);

        var create = Assert.Single(alerter.Receiver.At("eu/v2/alerts"));
        var close = Assert.Single(alerter.Receiver.At($"eu/v2/alerts/{Down.IncidentName}/close"));
        Assert.All(new[] { create, close }, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.StartsWith("application/json", r.ContentType);
            Assert.Equal($"GenieKey {ApiKey}", r.Headers["Authorization"]);
        });
        Assert.Equal(Down.IncidentName, JsonDocument.Parse(create.Body).RootElement.GetProperty("alias").GetString());
        Assert.Equal("Sentinel", JsonDocument.Parse(close.Body).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_rejected_key_fails_for_good_without_showing_it()
    {
        var sender = alerter.Services.GetRequiredService<OpsgenieSender>();
        alerter.Receiver.Answer("rejected/v2/alerts", 401);

        var failed = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, Settings("rejected"), CancellationToken.None));

        Assert.False(failed.Transient);
        Assert.StartsWith("401", failed.Message);
        Assert.DoesNotContain(ApiKey, failed.Message);
    }

    [Fact]
    public void Bad_settings_are_refused_by_field_and_the_default_is_the_us_address()
    {
        var errors = new CheckErrors();
        new OpsgenieChannel { ApiKey = " ", Priority = "P9", ApiUrl = "api.opsgenie.com" }.Resolve(null, errors);

        Assert.Equal(["apiKey", "apiUrl", "priority"], errors.ToDictionary().Keys.Order());

        var fine = new CheckErrors();
        var us = (OpsgenieChannel)new OpsgenieChannel { ApiKey = ApiKey, Priority = "p2" }.Resolve(null, fine);
        var eu = (OpsgenieChannel)new OpsgenieChannel { ApiKey = ApiKey, ApiUrl = "https://api.eu.opsgenie.com/" }.Resolve(null, fine);
        Assert.Equal(0, fine.Count);
        Assert.Equal((OpsgenieChannel.DefaultApiUrl, "P2"), (us.ApiUrl, us.Priority));
        Assert.Equal((OpsgenieChannel.EuApiUrl, "P3"), (eu.ApiUrl, eu.Priority));
    }

    [Fact]
    public void The_api_key_is_masked_and_a_masked_key_sent_back_keeps_the_stored_one()
    {
        var stored = new OpsgenieChannel { ApiKey = ApiKey, Priority = "P3", ApiUrl = OpsgenieChannel.EuApiUrl };

        var shown = (OpsgenieChannel)stored.Masked();
        Assert.DoesNotContain(ApiKey, JsonSerializer.Serialize(shown, ChannelSettingsJson.Options) + stored.Destination);

        var errors = new CheckErrors();
        var kept = (OpsgenieChannel)(shown with { Priority = "P1" }).Resolve(stored, errors);
        Assert.Equal(0, errors.Count);
        Assert.Equal((ApiKey, "P1", OpsgenieChannel.EuApiUrl), (kept.ApiKey, kept.Priority, kept.ApiUrl));
    }

    [Fact]
    public async Task An_outage_creates_one_alert_and_closes_it_through_the_alerter()
    {
        var opsgenie = await alerter.AddChannelAsync("opsgenie", Settings("pipeline"));
        var monitor = await alerter.AddMonitorAsync([opsgenie], sendOnResolved: false);

        var down = await alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);
        await alerter.NotifyAsync(down);
        await alerter.NotifyAsync(await alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up));

        var create = Assert.Single(alerter.Receiver.At("pipeline/v2/alerts"));
        Assert.Equal($"sentinel-{down.TransitionId}", JsonDocument.Parse(create.Body).RootElement.GetProperty("alias").GetString());
        Assert.Single(alerter.Receiver.At($"pipeline/v2/alerts/sentinel-{down.TransitionId}/close"));
    }
}
