using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Checks;

namespace Sentinel.Api.Tests;

public sealed class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_api_route_the_app_maps_is_in_the_document_with_the_auth_scheme()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();

        var mapped = MappedRoutes();
        Assert.True(mapped.Count >= 15, $"only {mapped.Count} routes found");
        var missing = mapped.Where(r => paths[r.Path]?[r.Method] is null).ToList();
        Assert.True(missing.Count == 0, "not documented: " + string.Join(", ", missing));
        Assert.Equal("X-API-Key", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["name"]);
        Assert.NotEmpty(document["security"]!.AsArray());
    }

    [Fact]
    public async Task Every_operation_has_its_own_id_and_says_what_it_answers_on_success()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        var ids = operations.Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(operations, o =>
        {
            var success = o.Operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{o.Method} {o.Path} documents no success");
            Assert.All(success, r => Assert.True(
                r.Key == "204" ? r.Value!["content"] is null : r.Value!["content"]?.AsObject().FirstOrDefault().Value?["schema"] is not null,
                $"{o.Method} {o.Path} {r.Key}: {r.Value}"));
        });
    }

    [Theory]
    [InlineData("/api/v1/monitors", "post", "201", "MonitorResponse")]
    [InlineData("/api/v1/monitors", "get", "200", "PageOfMonitorResponse")]
    [InlineData("/api/v1/monitors/{id}/history", "get", "200", "PageOfCheckResultResponse")]
    [InlineData("/api/v1/monitors/{id}/alerts", "get", "200", "PageOfAlertResponse")]
    [InlineData("/api/v1/alerts", "get", "200", "PageOfAlertResponse")]
    [InlineData("/api/v1/monitors/{id}/uptime", "get", "200", "UptimeResponse")]
    [InlineData("/api/v1/channels", "post", "201", "ChannelResponse")]
    [InlineData("/api/v1/channels", "get", "200", "PageOfChannelResponse")]
    [InlineData("/api/v1/keys", "post", "201", "CreatedKeyResponse")]
    [InlineData("/api/v1/keys", "get", "200", "PageOfKeyResponse")]
    public async Task Answers_name_their_schema(string path, string method, string status, string schema)
    {
        var document = await DocumentAsync();

        Assert.Equal($"#/components/schemas/{schema}", (string?)document["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["schema"]!["$ref"]);
        if (schema.StartsWith("PageOf", StringComparison.Ordinal))
        {
            Assert.Equal(["items", "next"], document["components"]!["schemas"]![schema]!["properties"]!.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public async Task Heartbeat_pings_and_the_config_schema_need_no_key_and_everything_else_does()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        var open = operations.Where(o => o.Operation["security"] is JsonArray { Count: 0 }).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.Equal(["get /api/v1/heartbeats/{token}", "post /api/v1/heartbeats/{token}", "get /api/v1/schema/config.json"], open);
    }

    [Fact]
    public async Task A_monitor_is_one_flat_object_its_own_fields_beside_its_checks_chosen_by_kind()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        foreach (var monitor in new[] { "MonitorRequest", "MonitorResponse" })
        {
            var allOf = schemas[monitor]!["allOf"]!.AsArray();
            Assert.Equal(false, (bool?)schemas[monitor]!["unevaluatedProperties"]);
            Assert.NotNull(allOf[0]!["properties"]!["intervalSeconds"]);
            Assert.Equal("#/components/schemas/CheckSpec", (string?)allOf[1]!["$ref"]);
        }

        Assert.NotNull(schemas["MonitorResponse"]!["allOf"]![0]!["properties"]!["status"]);
        var spec = schemas["CheckSpec"]!;
        Assert.Equal("kind", (string?)spec["discriminator"]!["propertyName"]);
        var mapping = spec["discriminator"]!["mapping"]!.AsObject();
        Assert.Equal(CheckKinds.All.Select(k => k.Name), mapping.Select(m => m.Key));
        Assert.Equal(mapping.Select(m => (string?)m.Value), spec["oneOf"]!.AsArray().Select(o => (string?)o!["$ref"]));
        foreach (var kind in CheckKinds.All)
        {
            var kindSchema = schemas[((string)mapping[kind.Name]!).Split('/')[^1]]!;
            Assert.Equal(kind.Name, (string?)kindSchema["properties"]!["kind"]!["enum"]![0]);
            Assert.Equal(CheckSpecJson.Fields(kind).Order(), kindSchema["properties"]!.AsObject().Select(p => p.Key).Order());
        }
    }

    public static TheoryData<string, string, string> IntegerLimits => new()
    {
        { "MonitorRequest", "intervalSeconds", """{"name":"x","url":"https://a.example/"}""" },
        { "MonitorRequest", "failureThreshold", """{"name":"x","url":"https://a.example/"}""" },
        { "MonitorRequest", "successThreshold", """{"name":"x","url":"https://a.example/"}""" },
        { "MonitorRequest", "reminderIntervalMinutes", """{"name":"x","url":"https://a.example/"}""" },
        { "HttpCheck", "retries", """{"name":"x","url":"https://a.example/","intervalSeconds":3600}""" },
        { "HttpCheck", "expectedStatusCodes", """{"name":"x","url":"https://a.example/"}""" },
        { "HeartbeatCheck", "graceSeconds", """{"name":"x","type":"heartbeat"}""" },
    };

    /// <summary>Each bound the schema states is where the api starts refusing: the document says what the api does.</summary>
    [Theory]
    [MemberData(nameof(IntegerLimits))]
    public async Task The_bounds_the_document_states_are_the_ones_the_api_enforces(string schema, string field, string body)
    {
        var property = Properties((await DocumentAsync())["components"]!["schemas"]![schema]!)[field]!;
        var list = property["items"] is not null;
        var bounds = list ? property["items"]! : property;
        var (minimum, maximum) = ((int)bounds["minimum"]!, (int)bounds["maximum"]!);

        foreach (var (value, accepted) in new[] { (minimum, true), (maximum, true), (minimum - 1, false), (maximum + 1, false) })
        {
            var sent = JsonNode.Parse(body)!.AsObject();
            sent[field] = list ? new JsonArray(value) : value;
            var response = await api.CreateAuthorizedClient().PostAsync("/api/v1/monitors", new StringContent(sent.ToJsonString(), Encoding.UTF8, "application/json"));

            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == (accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest), $"{field} = {value}: {answer}");
            Assert.True(accepted || JsonNode.Parse(answer)!["errors"]![field] is not null, answer);
        }
    }

    [Fact]
    public async Task Lengths_and_counts_the_document_states_are_the_ones_the_api_enforces()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;
        var name = (int)Properties(schemas["MonitorRequest"]!)["name"]!["maxLength"]!;
        var conditions = (int)Properties(schemas["HttpCheck"]!)["conditions"]!["maxItems"]!;
        var tags = (int)Properties(schemas["MonitorRequest"]!)["tags"]!["maxItems"]!;
        var client = api.CreateAuthorizedClient();

        async Task<HttpStatusCode> PostAsync(int nameLength, int conditionCount, int tagCount) => (await client.PostAsync("/api/v1/monitors", new StringContent(
            new JsonObject
            {
                ["name"] = new string('n', nameLength),
                ["url"] = "https://a.example/",
                ["conditions"] = new JsonArray([.. Enumerable.Range(0, conditionCount).Select(_ => (JsonNode?)"[STATUS] == 200")]),
                ["tags"] = new JsonArray([.. Enumerable.Range(0, tagCount).Select(i => (JsonNode?)$"t{i}")]),
            }.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode;

        Assert.Equal(HttpStatusCode.Created, await PostAsync(name, conditions, tags));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(name + 1, conditions, tags));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(name, conditions + 1, tags));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(name, conditions, tags + 1));
    }

    [Fact]
    public async Task The_interactive_docs_are_served()
    {
        var page = await api.CreateClient().GetStringAsync("/docs/");

        Assert.Contains("openapi/v1.json", page);
    }

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!;

    /// <summary>A schema's properties; a monitor's own are its first <c>allOf</c> part.</summary>
    private static JsonObject Properties(JsonNode schema) => (schema["properties"] ?? schema["allOf"]![0]!["properties"])!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    private List<(string Path, string Method)> MappedRoutes() => api.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: OpenApiPath(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
        .ToList();

    // "/api/v1/monitors/{id:guid}/" -> "/api/v1/monitors/{id}", as OpenAPI writes it.
    private static string OpenApiPath(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/') is { Length: > 0 } p ? p : "/";
}
