using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sentinel.Testing;

namespace Sentinel.Api.Tests.AsCode;

/// <summary>
/// The api keeping a watched directory applied (<c>Apply:Directory</c>), as a Kubernetes ConfigMap volume or a bind
/// mount gives it: files changed on disk reach the server with no request made.
/// </summary>
public sealed partial class DirectoryApplyTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sentinel-apply-").FullName;
    private readonly List<ApiFactory> _apis = [];

    /// <summary>An api watching <paramref name="directory"/> every second; on another api's database when given one.</summary>
    private sealed class WatchingApiFactory(string directory, string? connectionString) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings
        {
            get
            {
                var settings = new Dictionary<string, string> { ["Apply:Directory"] = directory, ["Apply:PollSeconds"] = "1" };
                if (connectionString is not null)
                {
                    settings["ConnectionStrings:Sentinel"] = connectionString;
                }

                return settings;
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var api in _apis)
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>An api with its database ready, not yet started (<see cref="ApiFactory.Server"/> starts it).</summary>
    private async Task<ApiFactory> CreateAsync(ApiFactory? sharingDatabaseWith = null)
    {
        var api = new WatchingApiFactory(_directory, sharingDatabaseWith?.Database.ConnectionString);
        _apis.Add(api);
        await api.InitializeAsync();
        return api;
    }

    private async Task<ApiFactory> StartAsync()
    {
        var api = await CreateAsync();
        _ = api.Server;
        return api;
    }

    /// <summary>Writes a file whole, as an editor or git does, so that the api never reads half of it.</summary>
    private void Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = Path.Combine(Path.GetDirectoryName(path)!, ".writing");
        File.WriteAllText(partial, content);
        File.Move(partial, path, overwrite: true);
    }

    private static string Monitor(string name, int interval = 60, string host = "shop.example") => $"""
        monitors:
          - name: {name}
            url: https://{host}/health
            intervalSeconds: {interval}

        """;

    private static async Task<List<JsonObject>> MonitorsAsync(ApiFactory api)
    {
        using var client = api.CreateAuthorizedClient();
        var page = JsonNode.Parse(await client.GetStringAsync("/api/v1/monitors?limit=200"))!;
        return page["items"]!.AsArray().Select(m => m!.AsObject()).ToList();
    }

    private static Task<List<JsonObject>> MonitorsWhenAsync(ApiFactory api, Func<List<JsonObject>, bool> done, string what) =>
        Eventually.Until(() => MonitorsAsync(api), done, what);

    private static JsonObject? Named(IEnumerable<JsonObject> monitors, string name) =>
        monitors.SingleOrDefault(m => (string)m["name"]! == name);

    /// <summary>The <c>config</c> entry of <c>/health</c>: its status and description, and the status code of <c>/health</c> itself.</summary>
    private static async Task<(HttpStatusCode Code, string Status, string Description)> ConfigHealthAsync(ApiFactory api)
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/health");
        var config = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!["config"]!;
        return (response.StatusCode, (string)config["status"]!, (string)config["description"]!);
    }

    /// <summary>
    /// <c>sentinel_config_applies_total</c> of <paramref name="result"/>, as <c>/metrics</c> shows it: of every api in
    /// this process, which share prometheus-net's registry.
    /// </summary>
    private static async Task<double> AppliesAsync(string result)
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var line = AppliesLine().Matches(System.Text.Encoding.UTF8.GetString(text.ToArray())).SingleOrDefault(m => m.Groups["result"].Value == result);
        return line is null ? 0 : double.Parse(line.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>rename(2), the kubelet's swap of <c>..data</c>: .NET's moves look through a link to a directory.</summary>
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [GeneratedRegex("""^sentinel_config_applies_total\{result="(?<result>\w+)"\} (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex AppliesLine();

    [Fact]
    public async Task Files_there_at_start_are_applied_with_variables_from_the_environment_and_an_edit_is_applied_in_turn()
    {
        Environment.SetEnvironmentVariable("SENTINEL_TEST_WATCHED_HOST", "api.watched.example");
        Write("shop/api.yaml", Monitor("Shop API", host: "${SENTINEL_TEST_WATCHED_HOST}"));
        Write("ingress.yml", Monitor("Ingress", host: "ingress.example"));
        Write("notes.txt", "not a config file");

        var api = await StartAsync();

        var monitors = await MonitorsWhenAsync(api, m => m.Count == 2, "both files applied");
        Assert.Equal("https://api.watched.example/health", (string)Named(monitors, "Shop API")!["url"]!);
        Assert.Equal("healthy", (await ConfigHealthAsync(api)).Status);

        Write("shop/api.yaml", Monitor("Shop API", interval: 30, host: "${SENTINEL_TEST_WATCHED_HOST}"));

        await MonitorsWhenAsync(api, m => (int?)Named(m, "Shop API")?["intervalSeconds"] == 30, "the edited interval applied");
    }

    [Fact]
    public async Task Removing_a_document_deletes_its_monitor_and_leaves_one_made_by_hand_alone()
    {
        Write("kept.yaml", Monitor("Kept"));
        Write("removed.yaml", Monitor("Removed"));
        var api = await StartAsync();
        await MonitorsWhenAsync(api, m => m.Count == 2, "both files applied");
        using var client = api.CreateAuthorizedClient();
        var byHand = await client.PostAsJsonAsync("/api/v1/monitors", new { name = "By hand", url = "tcp://hand.example:443" });
        Assert.Equal(HttpStatusCode.Created, byHand.StatusCode);

        File.Delete(Path.Combine(_directory, "removed.yaml"));

        var monitors = await MonitorsWhenAsync(api, m => Named(m, "Removed") is null, "the removed document's monitor deleted");
        Assert.Equal(["By hand", "Kept"], monitors.Select(m => (string)m["name"]!).Order());
    }

    [Fact]
    public async Task A_ConfigMap_volume_is_read_once_through_its_visible_names_and_its_update_is_applied()
    {
        // The kubelet's layout: files are links through ..data to a hidden, timestamped directory, and an update
        // writes a new such directory and swaps ..data to it in one rename.
        void Publish(string version, int interval)
        {
            var data = Path.Combine(_directory, version);
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "shop.yaml"), Monitor("Shop API", interval));
            var next = Path.Combine(_directory, "..data_tmp");
            File.CreateSymbolicLink(next, version);
            Assert.Equal(0, Rename(next, Path.Combine(_directory, "..data")));
        }

        Publish("..2025_01_01_00_00_00.1", 60);
        File.CreateSymbolicLink(Path.Combine(_directory, "shop.yaml"), "..data/shop.yaml");
        var api = await StartAsync();

        await MonitorsWhenAsync(api, m => Named(m, "Shop API") is not null, "the ConfigMap's file applied");
        // Read twice (through ..data too), the monitor would be named twice: an error, and nothing applied.
        Assert.Equal("healthy", (await ConfigHealthAsync(api)).Status);

        Publish("..2025_01_01_00_01_00.2", 30);

        var monitors = await MonitorsWhenAsync(api, m => (int?)Named(m, "Shop API")?["intervalSeconds"] == 30, "the updated ConfigMap applied");
        Assert.Single(monitors);
    }

    [Fact]
    public async Task An_invalid_file_applies_nothing_and_is_reported_until_it_is_fixed()
    {
        Write("shop.yaml", Monitor("Shop API"));
        var api = await StartAsync();
        await MonitorsWhenAsync(api, m => m.Count == 1, "the valid file applied");
        var invalidBefore = await AppliesAsync("invalid");

        Write("shop.yaml", Monitor("Shop API", interval: 30) + Monitor("Broken", interval: 0).Replace("monitors:\n", ""));

        var (code, status, description) = await Eventually.Until(
            () => ConfigHealthAsync(api), h => h.Status == "degraded", "the invalid file reported in /health");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("1 error", description);
        Assert.True(await AppliesAsync("invalid") > invalidBefore, "an invalid apply is counted");
        Assert.Equal(60, (int)Named(await MonitorsAsync(api), "Shop API")!["intervalSeconds"]!);
        Assert.Null(Named(await MonitorsAsync(api), "Broken"));

        Write("shop.yaml", Monitor("Shop API", interval: 30) + Monitor("Fixed", host: "fixed.example").Replace("monitors:\n", ""));

        await MonitorsWhenAsync(
            api, m => (int?)Named(m, "Shop API")?["intervalSeconds"] == 30 && Named(m, "Fixed") is not null, "the fixed file applied");
        Assert.Equal("healthy", (await ConfigHealthAsync(api)).Status);
    }

    [Fact]
    public async Task The_example_of_the_Kubernetes_component_applies_as_its_ConfigMap_gives_it()
    {
        var component = Path.Combine(TestInfrastructure.RepositoryRoot, "k8s", "components", "config-as-code");
        var kustomization = await File.ReadAllTextAsync(Path.Combine(component, "kustomization.yaml"));
        foreach (var file in Directory.GetFiles(Path.Combine(component, "monitors")))
        {
            Assert.Contains($"- monitors/{Path.GetFileName(file)}", kustomization);
            Write(Path.GetFileName(file), await File.ReadAllTextAsync(file));
        }

        Environment.SetEnvironmentVariable("OPS_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/secret0123");
        var api = await StartAsync();

        var monitors = await MonitorsWhenAsync(api, m => m.Count > 0, "the example applied");
        Assert.Equal(["Ingress", "Shop API"], monitors.Select(m => (string)m["name"]!).Order());
        Assert.Equal("healthy", (await ConfigHealthAsync(api)).Status);
    }

    [Fact]
    public async Task Two_api_replicas_watching_one_directory_make_each_object_once_without_errors()
    {
        Write("channels.yaml", """
            channels:
              - name: ops
                type: webhook
                config:
                  url: https://hooks.example/ops
            """);
        for (var i = 0; i < 5; i++)
        {
            Write($"monitor-{i}.yaml", Monitor($"Service {i}"));
        }

        var failuresBefore = await AppliesAsync("invalid") + await AppliesAsync("failed");
        var first = await CreateAsync();
        var second = await CreateAsync(sharingDatabaseWith: first);

        // Started together, so that their first applies meet.
        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        foreach (var api in new[] { first, second })
        {
            await Eventually.Until(() => ConfigHealthAsync(api), h => h.Description.Contains(" applied at "), "each replica's apply done");
        }

        var monitors = await MonitorsAsync(first);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Service {i}"), monitors.Select(m => (string)m["name"]!).Order());
        using var client = first.CreateAuthorizedClient();
        var channels = JsonNode.Parse(await client.GetStringAsync("/api/v1/channels"))!["items"]!.AsArray();
        Assert.Equal(["ops"], channels.Select(c => (string)c!["name"]!));
        Assert.Equal(failuresBefore, await AppliesAsync("invalid") + await AppliesAsync("failed"));
    }
}
