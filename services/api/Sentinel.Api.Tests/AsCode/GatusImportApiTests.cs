using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sentinel.Api.AsCode.Import;

namespace Sentinel.Api.Tests.AsCode;

/// <summary>What the Gatus importer writes is what the api takes: every channel, monitor and window of the fixture is created as it stands.</summary>
public sealed class GatusImportApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    /// <summary>The fixture's environment references, as <c>./sentinel apply</c> would expand them.</summary>
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T000/B000/XXXXsecret",
        ["API_TOKEN"] = "eyJhbGciOi.token",
        ["POSTGRES_PASSWORD"] = "unused",
    };

    private static JsonNode? Expanded(JsonNode? node) =>
        JsonNode.Parse(Regex.Replace(node!.ToJsonString(), @"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", m => Environment[m.Groups[1].Value]));

    private async Task<string> CreateAsync(string route, JsonNode body)
    {
        var response = await _client.PostAsync(route, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{route} {body.ToJsonString()}\n→ {(int)response.StatusCode} {answer}");
        return (string)JsonNode.Parse(answer)!["id"]!;
    }

    [Fact]
    public async Task Every_imported_channel_monitor_and_maintenance_window_is_accepted_by_the_api()
    {
        var document = Expanded(GatusImport.Import(GatusImportTests.Fixture("config.yaml")).Document)!;
        var channels = new Dictionary<string, string>();
        var monitors = new Dictionary<string, string>();

        foreach (var channel in document["channels"]!.AsArray())
        {
            channels[(string)channel!["name"]!] = await CreateAsync("/api/v1/channels", channel);
        }

        foreach (var node in document["monitors"]!.AsArray())
        {
            // The names apply resolves, resolved here by hand.
            var monitor = node!.AsObject();
            if (monitor["channels"] is JsonArray named)
            {
                monitor.Remove("channels");
                monitor["channelIds"] = new JsonArray([.. named.Select(n => JsonValue.Create(channels[(string)n!]))]);
            }

            monitors[(string)monitor["name"]!] = await CreateAsync("/api/v1/monitors", monitor);
        }

        foreach (var node in document["maintenanceWindows"]!.AsArray())
        {
            var window = node!.AsObject();
            if (window["monitors"] is JsonArray named)
            {
                window.Remove("monitors");
                window["monitorIds"] = new JsonArray([.. named.Select(n => JsonValue.Create(monitors[(string)n!]))]);
            }

            await CreateAsync("/api/v1/maintenance-windows", window);
        }

        Assert.Equal(document["monitors"]!.AsArray().Count, (await _client.GetFromJsonAsync<JsonNode>("/api/v1/monitors"))!["items"]!.AsArray().Count);
    }
}
