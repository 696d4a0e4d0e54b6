using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Live;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

public sealed class StatusEventsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static MonitorStatusChanged Transition(Guid monitorId, MonitorState from = MonitorState.Up, MonitorState to = MonitorState.Down) => new()
    {
        TransitionId = Guid.NewGuid(),
        MonitorId = monitorId,
        PreviousState = from,
        State = to,
        CheckId = Guid.NewGuid(),
        ChangedAt = new DateTime(2026, 11, 24, 9, 41, 7, 520, DateTimeKind.Utc),
        Error = to == MonitorState.Down ? "connection refused" : null,
        LatencyMs = 41.5,
    };

    private static Task PublishAsync(ApiFactory api, MonitorStatusChanged change) =>
        api.Services.GetRequiredService<IBus>().Publish(change);

    [Fact]
    public async Task A_visitor_who_has_not_logged_in_is_sent_to_the_login_page_not_the_stream()
    {
        using var anonymous = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/dashboard/events");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_stream_is_left_out_of_the_request_duration_metrics_it_would_only_drown()
    {
        await using (await StatusEventStream.OpenAsync(api.CreateAuthorizedClient()))
        {
        }

        using var client = api.CreateClient();
        await client.GetStringAsync("/health/live");
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("http_request_duration_seconds", metrics);
        Assert.DoesNotContain("dashboard/events", metrics);
    }

    [Fact]
    public async Task A_transition_published_on_the_bus_reaches_an_open_stream_as_a_status_event()
    {
        await using var stream = await StatusEventStream.OpenAsync(api.CreateAuthorizedClient());
        var monitorId = Guid.NewGuid();

        await PublishAsync(api, Transition(monitorId));
        var status = (await stream.StatusesOfAsync([monitorId])).Single();

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(monitorId, status.GetProperty("monitorId").GetGuid());
        Assert.Equal("down", status.GetProperty("state").GetString());
        Assert.Equal("up", status.GetProperty("previousState").GetString());
        Assert.Equal(new DateTime(2026, 11, 24, 9, 41, 7, 520, DateTimeKind.Utc), status.GetProperty("changedAt").GetDateTime().ToUniversalTime());
        Assert.Equal(41.5, status.GetProperty("latencyMs").GetDouble());
        Assert.Equal("connection refused", status.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Every_open_stream_on_every_api_replica_gets_every_transition()
    {
        IAsyncLifetime replica = new ApiFactory();
        await replica.InitializeAsync();
        try
        {
            await using var first = await StatusEventStream.OpenAsync(api.CreateAuthorizedClient());
            await using var second = await StatusEventStream.OpenAsync(api.CreateAuthorizedClient());
            await using var onReplica = await StatusEventStream.OpenAsync(((ApiFactory)replica).CreateAuthorizedClient());
            var monitorId = Guid.NewGuid();

            await PublishAsync(api, Transition(monitorId));

            foreach (var stream in new[] { first, second, onReplica })
            {
                Assert.Equal("down", (await stream.StatusesOfAsync([monitorId])).Single().GetProperty("state").GetString());
            }
        }
        finally
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_browser_that_stops_reading_is_cut_off_and_holds_up_no_other()
    {
        await using var stalled = await StatusEventStream.OpenAsync(api.CreateAuthorizedClient());
        await using var reading = await StatusEventStream.OpenAsync(api.CreateAuthorizedClient());
        // Far more than the backlog and what the connection itself buffers.
        var monitorIds = Enumerable.Range(0, StatusFeed.Backlog * 4).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(monitorIds.Select(id => PublishAsync(api, Transition(id))));

        Assert.Equal(monitorIds.Count, (await reading.StatusesOfAsync(monitorIds)).Count);
        var stalledGot = 0;
        while (await stalled.NextStatusAsync() is { } status)
        {
            stalledGot += monitorIds.Contains(status.GetProperty("monitorId").GetGuid()) ? 1 : 0;
        }

        // Its stream ended (the browser would reconnect and reload) before it had them all.
        Assert.True(stalledGot < monitorIds.Count, $"the stalled stream got all {stalledGot} transitions");
    }

    [Fact]
    public async Task Stopping_the_api_ends_an_open_stream_and_does_not_wait_for_it()
    {
        var stopping = new ApiFactory();
        await stopping.InitializeAsync();
        await using var stream = await StatusEventStream.OpenAsync(stopping.CreateAuthorizedClient());

        await ((IAsyncLifetime)stopping).DisposeAsync().WaitAsync(Eventually.Patience);

        Assert.Null(await stream.NextStatusAsync());
    }

    [Fact]
    public async Task The_dashboard_script_is_served_from_the_web_root()
    {
        var response = await api.CreateClient().GetAsync("/dashboard.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("new EventSource('/dashboard/events')", await response.Content.ReadAsStringAsync());
    }
}
