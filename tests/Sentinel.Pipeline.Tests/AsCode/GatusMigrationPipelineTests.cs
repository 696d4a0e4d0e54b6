using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sentinel.Api.AsCode;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests.AsCode;

/// <summary>
/// Issue 18's promise, end to end: a Gatus user imports their config.yaml with <c>./sentinel import gatus</c>, applies
/// the result with <c>./sentinel apply</c>, and the real system checks the same endpoints with the same conditions.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class GatusMigrationPipelineTests(RunningSystem system) : IDisposable
{
    private static readonly string[] Conditions = ["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 5000"];

    private readonly HttpClient _api = system.Api;
    private readonly string _directory = Directory.CreateTempSubdirectory("sentinel-gatus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs a command as the api binary does for <c>./sentinel apply|import</c>: its own HTTP client, no variables set.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var http = new HttpClient();
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await ConfigCommand.RunAsync(args, output, error, new ConfigCommandEnvironment { Http = http, Variable = _ => null });
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<JsonElement[]> HistoryAsync(string id) =>
        (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/history?limit=1000")).GetProperty("items").EnumerateArray().ToArray();

    private Task<JsonElement> StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor {id} to be {status}\n{system.Logs()}");

    [Fact]
    public async Task A_gatus_config_imported_and_applied_checks_the_same_endpoints_with_the_same_conditions()
    {
        await using var healthy = await TestTarget.StartAsync();
        healthy.Body = """{"status": "UP"}""";
        await using var failing = await TestTarget.StartAsync();
        failing.Body = """{"status": "DOWN"}""";
        // The alert's webhook leads nowhere: what is proven here is the checking, not the sending.
        var nowhere = $"http://127.0.0.1:{TestTarget.FreePort()}/gatus-alerts";
        var gatus = Path.Combine(_directory, "config.yaml");
        var imported = Path.Combine(_directory, "gatus.yaml");
        await File.WriteAllTextAsync(gatus, $$"""
            alerting:
              custom:
                url: "{{nowhere}}"
                method: "POST"
            endpoints:
              - name: gatus-migration storefront
                group: Gatus Migration
                url: "{{healthy.Url}}health"
                interval: 2s
                conditions:
                  - "{{Conditions[0]}}"
                  - "{{Conditions[1]}}"
                  - "{{Conditions[2]}}"
                alerts:
                  - type: custom
                    failure-threshold: 2
                    success-threshold: 1
              - name: gatus-migration payments
                group: Gatus Migration
                url: "{{failing.Url}}health"
                interval: 2s
                conditions:
                  - "{{Conditions[0]}}"
                  - "{{Conditions[1]}}"
                  - "{{Conditions[2]}}"
                alerts:
                  - type: custom
                    failure-threshold: 2
                    success-threshold: 1
            """);
        string[] apply = ["apply", "-f", imported, "--url", _api.BaseAddress!.ToString(), "--key", RunningSystem.Key];

        var (importExit, _, importError) = await RunAsync("import", "gatus", gatus, "-o", imported);
        var (applyExit, applied, applyError) = await RunAsync(apply);

        Assert.True(importExit == 0, importError);
        Assert.DoesNotContain("Not imported:", importError);
        Assert.True(applyExit == 0, applyError);
        Assert.Contains("+ monitor \"gatus-migration storefront\"", applied);
        Assert.Contains("+ monitor \"gatus-migration payments\"", applied);
        Assert.EndsWith("Applied.\n", applied);

        // The group is what a user filters by, as a tag.
        var monitors = (await _api.GetFromJsonAsync<JsonElement>("/api/v1/monitors?tag=gatus-migration")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["gatus-migration payments", "gatus-migration storefront"], monitors.Select(m => m.Str("name")).Order());
        var channels = (await _api.GetFromJsonAsync<JsonElement>("/api/v1/channels")).GetProperty("items").EnumerateArray();
        var channelId = channels.Single(c => c.Str("name") == "gatus-custom").Str("id");
        foreach (var monitor in monitors)
        {
            Assert.Equal(Conditions, monitor.GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(["gatus-migration"], monitor.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(2, monitor.GetProperty("intervalSeconds").GetInt32());
            Assert.Equal(2, monitor.GetProperty("failureThreshold").GetInt32());
            Assert.Equal([channelId], monitor.GetProperty("channelIds").EnumerateArray().Select(c => c.GetString()));
        }

        var up = monitors.Single(m => m.Str("name") == "gatus-migration storefront").Str("id");
        var down = monitors.Single(m => m.Str("name") == "gatus-migration payments").Str("id");
        var upHistory = await Eventually.Until(() => HistoryAsync(up), h => h.Length >= 1, $"a recorded check of the UP endpoint\n{system.Logs()}");
        var downHistory = await Eventually.Until(() => HistoryAsync(down), h => h.Length >= 1, $"a recorded check of the DOWN endpoint\n{system.Logs()}");

        // Every condition held: an up check with no reason against it, after the request the conditions judged.
        Assert.Equal(("up", 200), (upHistory[^1].Str("status"), upHistory[^1].GetProperty("statusCode").GetInt32()));
        Assert.Empty(upHistory[^1].GetProperty("errors").EnumerateArray());
        Assert.True(healthy.Requests >= 1);
        await StatusBecomesAsync(up, "up");
        // Only the body's condition failed, named with the value the check saw, as Gatus reports it.
        Assert.Equal("down", downHistory[^1].Str("status"));
        Assert.Equal(["[BODY].status (DOWN) == UP"], downHistory[^1].GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        await StatusBecomesAsync(down, "down");

        var (againExit, again, againError) = await RunAsync(apply);
        Assert.True(againExit == 0, againError);
        Assert.Contains("Plan: 0 to create, 0 to update, 0 to delete, 3 unchanged.", again);

        // The shared system goes on with other tests: stop checking a target that is about to go away.
        foreach (var id in new[] { up, down })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/monitors/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/channels/{channelId}")).StatusCode);
    }
}
