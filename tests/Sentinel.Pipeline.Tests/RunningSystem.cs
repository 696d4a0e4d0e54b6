using MassTransit;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>
/// The whole system as separate processes on the real broker and database: the api, two schedulers, two
/// checkers, a recorder and an alerter, on a fresh database and (when the shared broker's management API is at
/// hand) a fresh virtual host, so nothing left on the broker by another run reaches these tests. A test that breaks
/// the broker runs the services it needs on a <see cref="PrivateInfrastructure"/> instead.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    public const string Key = "pipeline-key-0123456789abcdef";

    /// <summary>The dashboard's first admin, which the api creates on its empty database (the browser tests log in as it).</summary>
    public const string AdminName = "admin";
    public const string AdminPassword = "pipeline-admin-password";

    /// <summary>Every service, as (project, process name); consumers first, so their queues exist before anything is sent to them.</summary>
    public static readonly IReadOnlyList<(string Service, string Name)> AllServices =
    [
        ("Recorder", "recorder"), ("Alerter", "alerter"), ("Checker", "checker-1"), ("Checker", "checker-2"),
        ("Scheduler", "scheduler-1"), ("Scheduler", "scheduler-2"), ("Api", "api"),
    ];

    private readonly PrivateInfrastructure? _ownInfrastructure;
    private readonly IReadOnlyList<(string Service, string Name)> _startWith;
    private readonly IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();
    private readonly List<ServiceProcess> _services = [];
    private Dictionary<string, string> _environment = [];
    private readonly string _virtualHost = "sentinel-pipeline-" + Guid.NewGuid().ToString("N")[..8];
    private bool _ownVirtualHost;

    public TestDatabase Database { get; } = new();
    public SmtpSink Smtp { get; private set; } = null!;
    public string LogDirectory { get; } = Directory.CreateTempSubdirectory("sentinel-pipeline-").FullName;
    public HttpClient Api { get; private set; } = null!;
    public IReadOnlyList<ServiceProcess> Checkers => Replicas("checker");
    public IReadOnlyList<ServiceProcess> Schedulers => Replicas("scheduler");

    private List<ServiceProcess> Replicas(string service) => _services.Where(s => s.Name.StartsWith(service, StringComparison.Ordinal)).ToList();

    /// <summary>Every service, on the shared broker.</summary>
    public RunningSystem()
    {
        _startWith = AllServices;
    }

    /// <summary>
    /// <paramref name="services"/> on the shared broker (in a virtual host of their own, as the whole system's), with
    /// <paramref name="settings"/> on top of the usual ones.
    /// </summary>
    internal RunningSystem(IReadOnlyList<(string Service, string Name)> services, IReadOnlyDictionary<string, string> settings)
    {
        _startWith = services;
        _settings = settings;
    }

    /// <summary>The settings every service of this system runs with.</summary>
    public IReadOnlyDictionary<string, string> Settings => _environment;

    /// <summary>
    /// Starts one more service process (a checker of another region, say) with <paramref name="settings"/> on top of the
    /// system's, in a network namespace when <paramref name="place"/> names one; it is stopped with the system.
    /// </summary>
    public async Task<ServiceProcess> StartAsync(
        string service, string name, IReadOnlyDictionary<string, string> settings, (string Namespace, System.Net.IPAddress Address)? place = null)
    {
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var process = await ServiceProcess.StartAsync(service, name, environment, LogDirectory, place);
        _services.Add(process);
        return process;
    }

    /// <summary>Stops a service the hard way, as a crash would, and leaves it stopped.</summary>
    public void Kill(string name)
    {
        var process = _services.Single(s => s.Name == name);
        process.Dispose();
        _services.Remove(process);
    }

    /// <summary>
    /// <paramref name="services"/> on the broker of <paramref name="infrastructure"/>, in its default virtual host
    /// (nothing else uses that broker), with <paramref name="settings"/> on top of the usual ones.
    /// </summary>
    internal RunningSystem(
        PrivateInfrastructure infrastructure, IReadOnlyList<(string Service, string Name)> services, IReadOnlyDictionary<string, string> settings)
    {
        _ownInfrastructure = infrastructure;
        _startWith = services;
        _settings = settings;
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Smtp = await SmtpSink.StartAsync();
        var environment = new Dictionary<string, string>(_ownInfrastructure?.BrokerSettings ?? TestInfrastructure.BrokerSettings)
        {
            ["ConnectionStrings__Sentinel"] = Database.ConnectionString,
            ["Api__Keys__0"] = Key,
            ["Scheduler__PollIntervalMilliseconds"] = "100",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(),
            ["Smtp__Security"] = "None",
            ["Smtp__From"] = "Sentinel <sentinel@example.com>",
            ["Alerter__SweepIntervalSeconds"] = "1",
            ["Alerter__MaintenanceNoticeIntervalSeconds"] = "1",
            // Links in notices name the api as people would reach it; tests open them on the api's own address.
            ["Alerter__PublicUrl"] = EscalationPipelineTests.PublicUrl,
            ["Outbound__AllowLoopback"] = "true",
            ["Dashboard__InitialAdminName"] = AdminName,
            ["Dashboard__InitialAdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in _settings)
        {
            environment[key] = value;
        }

        if (_ownInfrastructure is null && await CreateVirtualHostAsync())
        {
            environment["RabbitMq__VirtualHost"] = _virtualHost;
        }

        _environment = environment;
        await ServiceProcess.RunToEndAsync("Api", environment, LogDirectory, "migrate");
        foreach (var (service, name) in _startWith)
        {
            _services.Add(await ServiceProcess.StartAsync(service, name, environment, LogDirectory));
        }

        Api = new HttpClient { BaseAddress = new Uri(_services.Single(s => s.Name == "api").BaseUrl) };
        Api.DefaultRequestHeaders.Add("X-API-Key", Key);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            service.Dispose();
        }

        Api?.Dispose();
        Smtp?.Dispose();
        await Database.DisposeAsync();
        Directory.Delete(LogDirectory, recursive: true);
        if (_ownVirtualHost)
        {
            using var management = ManagementClient();
            await management!.DeleteAsync($"api/vhosts/{_virtualHost}");
        }
    }

    /// <summary>Stops a service the hard way, as a crash would, and starts it again.</summary>
    public async Task RestartAsync(string name)
    {
        var old = _services.Single(s => s.Name == name);
        old.Dispose();
        _services.Remove(old);
        var service = name.Split('-')[0];
        _services.Add(await ServiceProcess.StartAsync(char.ToUpperInvariant(service[0]) + service[1..], name, _environment, LogDirectory));
    }

    /// <summary>Publishes a message on the system's broker, as a redelivery or another service would.</summary>
    public async Task PublishAsync<T>(T message) where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(
            _environment["RabbitMq__Host"], ushort.Parse(_environment["RabbitMq__Port"]),
            _environment.GetValueOrDefault("RabbitMq__VirtualHost", "/"), h =>
            {
                h.Username(_environment["RabbitMq__Username"]);
                h.Password(_environment["RabbitMq__Password"]);
            }));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private async Task<bool> CreateVirtualHostAsync()
    {
        using var management = ManagementClient();
        if (management is null)
        {
            return false;
        }

        (await management.PutAsync($"api/vhosts/{_virtualHost}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var permissions = new { configure = ".*", write = ".*", read = ".*" };
        (await management.PutAsync($"api/permissions/{_virtualHost}/{TestInfrastructure.RabbitMqUsername}", JsonContent.Create(permissions))).EnsureSuccessStatusCode();
        _ownVirtualHost = true;
        return true;
    }

    private static HttpClient? ManagementClient()
    {
        var url = Environment.GetEnvironmentVariable("SENTINEL_RABBITMQ_MANAGEMENT_URL");
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var client = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestInfrastructure.RabbitMqUsername}:{TestInfrastructure.RabbitMqPassword}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }

    /// <summary>
    /// The sum of a counter's samples on a service's /metrics: all of them, or those whose labels begin with
    /// <paramref name="labels"/> (in the order the metric declares them, as in <c>kind="http",result="up"</c>).
    /// </summary>
    public static async Task<double> ScrapeCounterAsync(ServiceProcess service, string metric, string labels = "")
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"{service.BaseUrl}/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric + "{" + labels, StringComparison.Ordinal)
                || (labels.Length == 0 && line.StartsWith(metric + " ", StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public string Logs() => string.Join("\n", _services.Select(s =>
        $"--- {s.Name} ({s.LogPath})\n{s.LogTail(15)}" + (s.LogProblems() is { Length: > 0 } problems ? $"\n--- {s.Name}: warnings and errors\n{problems}" : "")));
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<RunningSystem>, ICollectionFixture<Dashboard.DashboardBrowser>
{
    public const string Name = "pipeline";
}

public static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string property) => element.GetProperty(property).ToString();
}
