using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Channels;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

/// <summary>The write services as the dashboard calls them: the api's documents in, its field names in the errors out.</summary>
public sealed class WriteServiceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    private static JsonObject Document(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_refused_document_gives_the_errors_under_the_apis_field_names_and_saves_nothing()
    {
        var outcome = await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().CreateAsync(
            Document("""{"name":"","url":"https://shop.example/","intervalSeconds":0,"conditions":["[STATUS] =="]}"""), CancellationToken.None));

        Assert.False(outcome.Succeeded);
        Assert.Equal(["conditions[0]", "intervalSeconds", "name"], outcome.Errors.Keys.Order());
        Assert.Equal("A name is required.", outcome.Errors["name"].Single());
    }

    [Fact]
    public async Task Text_no_field_may_hold_is_refused_for_a_document_built_by_a_form_too()
    {
        var outcome = await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().CreateAsync(
            new JsonObject { ["name"] = "bell\u0007", ["url"] = "https://shop.example/" }, CancellationToken.None));

        Assert.Contains("control character", outcome.Errors["name"].Single());
    }

    [Fact]
    public async Task Pause_and_resume_change_only_whether_the_monitor_is_checked()
    {
        var created = await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().CreateAsync(
            Document("""{"name":"checkout","url":"https://shop.example/","intervalSeconds":30,"tags":["web"]}"""), CancellationToken.None));
        var id = created.Value!.Id;

        var paused = await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().SetEnabledAsync(id, false, CancellationToken.None));
        Assert.Equal((MonitorStatusName.Paused, false, 30, "checkout"), (paused.Value!.Status, paused.Value.Enabled, paused.Value.IntervalSeconds, paused.Value.Name));
        Assert.Equal(["web"], paused.Value.Tags);

        var resumed = await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().SetEnabledAsync(id, true, CancellationToken.None));
        Assert.Equal(MonitorStatusName.Pending, resumed.Value!.Status);
        Assert.True((await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().SetEnabledAsync(Guid.NewGuid(), false, CancellationToken.None))).NotFound);
    }

    [Fact]
    public async Task A_refused_change_is_not_saved_by_a_later_save_in_the_same_scope()
    {
        var id = (await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().CreateAsync(
            Document("""{"name":"checkout","url":"https://shop.example/"}"""), CancellationToken.None))).Value!.Id;
        var channelId = (await InScopeAsync(s => s.GetRequiredService<ChannelWrites>().CreateAsync(
            Document("""{"name":"ops","type":"webhook","config":{"url":"https://hooks.example/ops"}}"""), CancellationToken.None))).Value!.Id;

        await using (var scope = api.Services.CreateAsyncScope())
        {
            // Each passes its own rules and fails a later one (a channel that does not exist, a refused target).
            var monitor = await scope.ServiceProvider.GetRequiredService<MonitorWrites>().PatchAsync(
                id, Document($$"""{"name":"renamed","channelIds":["{{Guid.NewGuid()}}"]}"""), CancellationToken.None);
            var channel = await scope.ServiceProvider.GetRequiredService<ChannelWrites>().PatchAsync(
                channelId, Document("""{"name":"renamed","config":{"url":"http://169.254.169.254/"}}"""), CancellationToken.None);
            Assert.Equal(["channelIds"], monitor.Errors.Keys);
            Assert.Equal(["config.url"], channel.Errors.Keys);
            await scope.ServiceProvider.GetRequiredService<SentinelDbContext>().SaveChangesAsync();
        }

        await using var db = api.Database.CreateDbContext();
        Assert.Equal("checkout", (await db.Monitors.SingleAsync(m => m.Id == id)).Name);
        Assert.Equal("ops", (await db.AlertChannels.SingleAsync(c => c.Id == channelId)).Name);
    }

    [Fact]
    public async Task Deleting_says_whether_there_was_anything_to_delete()
    {
        var id = (await InScopeAsync(s => s.GetRequiredService<ChannelWrites>().CreateAsync(
            Document("""{"name":"ops","type":"email","config":{"to":["ops@example.com"]}}"""), CancellationToken.None))).Value!.Id;

        Assert.True(await InScopeAsync(s => s.GetRequiredService<ChannelWrites>().DeleteAsync(id, CancellationToken.None)));
        Assert.False(await InScopeAsync(s => s.GetRequiredService<ChannelWrites>().DeleteAsync(id, CancellationToken.None)));
        Assert.False(await InScopeAsync(s => s.GetRequiredService<MonitorWrites>().DeleteAsync(Guid.NewGuid(), CancellationToken.None)));
    }
}
