using System.Net;
using System.Text.Json;
using Json.Schema;
using Sentinel.Api.AsCode;

namespace Sentinel.Api.Tests.AsCode;

/// <summary>The published JSON Schema of config documents, judged by an independent validator as an editor would use it.</summary>
public sealed class ConfigSchemaTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Valid = """
        channels:
          - name: ops
            type: slack
            config:
              webhookUrl: https://hooks.slack.com/services/T0/B0/x
        escalationPolicies:
          - name: nights
            steps:
              - delayMinutes: 10
                channels: [ops]
        monitors:
          - name: api
            url: https://api.example/health
            intervalSeconds: 30
            conditions: ["[STATUS] == 200"]
            channels: [ops]
            dependsOn: [db]
            escalationPolicy: nights
          - name: db
            url: tcp://db.example:5432
        maintenanceWindows:
          - name: patching
            cron: "0 3 * * 0"
            timeZone: Europe/Berlin
            durationMinutes: 90
            monitors: [api]
            notifyChannels: [ops]
        statusPages:
          - slug: shop
            title: Shop
            groups:
              - name: All
                monitors:
                  - monitor: api
                    displayName: API
        """;

    private async Task<JsonSchema> SchemaAsync()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/schema/config.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        // Each schema in a registry of its own: the same $id is read once per test.
        return JsonSchema.FromText(await response.Content.ReadAsStringAsync(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static EvaluationResults Evaluate(JsonSchema schema, string yaml)
    {
        var (documents, error) = ConfigYaml.Read("test.yaml", yaml);
        Assert.Null(error);
        return schema.Evaluate(JsonDocument.Parse(documents.Single().Content.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    [Fact]
    public async Task The_schema_needs_no_key_and_accepts_a_document_of_every_kind()
    {
        var results = Evaluate(await SchemaAsync(), Valid);

        Assert.True(results.IsValid, JsonSerializer.Serialize(results.Details?.Where(d => !d.IsValid).Select(d => new { d.InstanceLocation, d.Errors })));
    }

    [Theory]
    [InlineData("endpoints:\n  - name: x\n", "an unknown kind")]
    [InlineData("monitors:\n  - name: x\n    url: https://x.example/\n    colour: blue\n", "an unknown field on a monitor")]
    [InlineData("monitors:\n  - name: x\n    url: https://x.example/\n    channelIds: [\"0190f0a1-0000-7000-8000-000000000000\"]\n", "ids where names are written")]
    [InlineData("monitors:\n  - url: https://x.example/\n", "a monitor without a name")]
    [InlineData("statusPages:\n  - slug: s\n    title: S\n    groups:\n      - name: g\n        monitors:\n          - monitorId: \"0190f0a1-0000-7000-8000-000000000000\"\n", "a status page naming a monitor by id")]
    [InlineData("escalationPolicies:\n  - name: p\n    steps:\n      - delayMinutes: 1\n        channelIds: []\n", "a step naming channels by id")]
    [InlineData("monitors:\n  - name: x\n    url: https://x.example/\n    intervalSeconds: 0\n", "an interval below its minimum")]
    [InlineData("monitors:\n  - name: x\n    url: tcp://x.example:22\n    body: hello\n", "an http field on a tcp check")]
    [InlineData("channels:\n  - name: c\n    type: slack\n    config:\n      url: https://hooks.example/\n", "another type's field in a channel's config")]
    public async Task The_schema_refuses(string yaml, string what)
    {
        var results = Evaluate(await SchemaAsync(), yaml);

        Assert.False(results.IsValid, what);
    }
}
