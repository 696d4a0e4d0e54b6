using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>The API in process, over its own real database and the test broker, called as a client would.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Key = "test-key-0123456789abcdef";

    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public TestDatabase Database { get; } = new();

    /// <summary>Settings a derived factory adds or overrides, e.g. tight rate limits.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Sentinel", Database.ConnectionString);
        builder.UseSetting("Api:Keys:0", Key);
        foreach (var (key, value) in TestInfrastructure.BrokerSettings)
        {
            builder.UseSetting(key.Replace("__", ":"), value);
        }

        // Last, so a derived factory may also point the api at a broker of its own.
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key.Replace("__", ":"), value);
        }
    }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", Key);
        return client;
    }

    public Task InitializeAsync() => Database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Extensions.ConfigureJson(options);
        return options;
    }
}

public static class HttpResponseExtensions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ApiFactory.Json))!;
}
