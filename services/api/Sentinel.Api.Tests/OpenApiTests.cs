using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sentinel.Api.Tests;

public sealed class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_api_route_the_app_maps_is_in_the_document_with_the_auth_scheme()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: OpenApiPath(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();

        Assert.True(mapped.Count >= 15, $"only {mapped.Count} routes found");
        var missing = mapped.Where(r => paths[r.Path]?[r.Method] is null).ToList();
        Assert.True(missing.Count == 0, "not documented: " + string.Join(", ", missing));
        Assert.Equal("X-API-Key", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["name"]);
        Assert.NotEmpty(document["security"]!.AsArray());
    }

    [Fact]
    public async Task The_interactive_docs_are_served()
    {
        var page = await api.CreateClient().GetStringAsync("/docs/");

        Assert.Contains("openapi/v1.json", page);
    }

    // "/api/v1/monitors/{id:guid}/" -> "/api/v1/monitors/{id}", as OpenAPI writes it.
    private static string OpenApiPath(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/') is { Length: > 0 } p ? p : "/";
}
