using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Domains;

/// <summary>
/// When a host's registered domain expires, for <c>[DOMAIN_EXPIRATION]</c>, from the registry's RDAP service
/// (RFC 9083: the domain's <c>expiration</c> event), found through the IANA bootstrap (RFC 9224) unless one server
/// is configured. Answers are cached per host (<see cref="CheckerOptions.DomainExpiryCacheHours"/>, failures an hour),
/// so a monitor checked every few seconds asks the registry twice a day. Every connection goes through the
/// outbound guard, like a probe's.
/// </summary>
public sealed class DomainExpiry(OutboundGuard guard, IOptions<CheckerOptions> options, ILogger<DomainExpiry> logger)
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FailureCache = TimeSpan.FromHours(1);
    private static readonly TimeSpan BootstrapCache = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<(DateTime? ExpiresAt, DateTime Until)>>> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _bootstrapLock = new(1, 1);
    private (Dictionary<string, string> ServerByTld, DateTime Until)? _bootstrap;

    /// <summary>Time left until <paramref name="host"/>'s domain expires; null when no registry says.</summary>
    public async Task<TimeSpan?> ExpiresInAsync(string host, CancellationToken cancellationToken)
    {
        host = host.TrimEnd('.');
        if (IPAddress.TryParse(host.Trim('[', ']'), out _) || !host.Contains('.'))
        {
            return null;
        }

        var entry = _byHost.GetOrAdd(host, h => new Lazy<Task<(DateTime?, DateTime)>>(() => LookUpAsync(h)));
        var (expiresAt, until) = await entry.Value.WaitAsync(cancellationToken);
        if (until < DateTime.UtcNow)
        {
            _byHost.TryRemove(new KeyValuePair<string, Lazy<Task<(DateTime?, DateTime)>>>(host, entry));
        }

        return expiresAt - DateTime.UtcNow;
    }

    /// <summary>
    /// The registered domain is the longest suffix of the host the registry knows: <c>www.shop.example.co.uk</c>
    /// asks for itself, then <c>shop.example.co.uk</c>, then <c>example.co.uk</c>, until one is found (no public
    /// suffix list needed; each step is cached with the answer).
    /// </summary>
    private async Task<(DateTime?, DateTime)> LookUpAsync(string host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(LookupTimeout);
            using var client = CreateClient();
            var labels = host.Split('.');
            for (var skip = 0; skip <= labels.Length - 2; skip++)
            {
                var domain = string.Join('.', labels[skip..]);
                if (await ServerForAsync(client, labels[^1], timeout.Token) is not { } server)
                {
                    break;
                }

                using var response = await client.GetAsync(new Uri(new Uri(server.TrimEnd('/') + "/"), $"domain/{domain}"), timeout.Token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    continue;
                }

                response.EnsureSuccessStatusCode();
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
                return (Expiration(json.RootElement), DateTime.UtcNow.AddHours(options.Value.DomainExpiryCacheHours));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or IOException)
        {
            logger.LogWarning("RDAP lookup for {Host} failed: {Reason}", host, ex.Message);
        }

        return (null, DateTime.UtcNow + FailureCache);
    }

    private static DateTime? Expiration(JsonElement domain) =>
        domain.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
            ? events.EnumerateArray()
                .Where(e => e.TryGetProperty("eventAction", out var action) && action.GetString() == "expiration")
                .Select(e => e.TryGetProperty("eventDate", out var date) && date.TryGetDateTime(out var at) ? at.ToUniversalTime() : (DateTime?)null)
                .FirstOrDefault(at => at is not null)
            : null;

    /// <summary>The configured server, or the bootstrap's for <paramref name="tld"/>; null when no registry offers RDAP.</summary>
    private async Task<string?> ServerForAsync(HttpClient client, string tld, CancellationToken cancellationToken)
    {
        if (options.Value.RdapServerUrl is { Length: > 0 } fixedServer)
        {
            return fixedServer;
        }

        await _bootstrapLock.WaitAsync(cancellationToken);
        try
        {
            if (_bootstrap is not { } bootstrap || bootstrap.Until < DateTime.UtcNow)
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync(options.Value.RdapBootstrapUrl, cancellationToken));
                var servers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                // "services": [[["com", "net"], ["https://rdap.verisign.com/com/v1/"]], …]
                foreach (var service in json.RootElement.GetProperty("services").EnumerateArray())
                {
                    var url = service[1].EnumerateArray().Select(u => u.GetString()).FirstOrDefault(u => u?.StartsWith("https://", StringComparison.Ordinal) == true)
                              ?? service[1][0].GetString();
                    foreach (var name in service[0].EnumerateArray())
                    {
                        servers[name.GetString()!] = url!;
                    }
                }

                _bootstrap = bootstrap = (servers, DateTime.UtcNow + BootstrapCache);
            }

            return bootstrap.ServerByTld.GetValueOrDefault(tld);
        }
        finally
        {
            _bootstrapLock.Release();
        }
    }

    private HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = guard.ConnectAsync,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
    })
    {
        Timeout = LookupTimeout,
        DefaultRequestHeaders = { Accept = { new("application/rdap+json"), new("application/json") } },
    };
}
