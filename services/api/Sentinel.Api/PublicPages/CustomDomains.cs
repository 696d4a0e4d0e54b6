using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// A request whose Host is a page's custom domain gets that page at <c>/</c>, its JSON at <c>/status.json</c> and its
/// feed at <c>/feed.atom</c>: the path is rewritten to the page's own route before routing, so the same endpoint,
/// limits and headers answer. Every other path passes through as it came (the page's stylesheet, badges, the
/// password form's action).
/// </summary>
public sealed class CustomDomains(RequestDelegate next, IServiceScopeFactory scopes, IOptions<PublicPagesOptions> options, TimeProvider? clock = null)
{
    /// <summary>A host the map does not know reloads it at most this often: unknown hosts cannot make it query more.</summary>
    private static readonly TimeSpan MissReload = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile DomainMap? _map;

    private static readonly object AskedForKey = new();

    /// <summary>The path and query the visitor asked for: <c>/</c> on a custom domain, though the request was routed as the page's own path.</summary>
    public static string AskedFor(HttpContext http) =>
        http.Items.TryGetValue(AskedForKey, out var asked) && asked is string path ? path : $"{http.Request.Path}{http.Request.QueryString}";

    private sealed record DomainMap(IReadOnlyDictionary<string, string> SlugByHost, DateTime LoadedAt);

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value;
        if (path is "/" or "/status.json" or "/feed.atom" && await SlugForAsync(http.Request.Host.Host, http.RequestAborted) is { } slug)
        {
            http.Items[AskedForKey] = $"{path}{http.Request.QueryString}";
            http.Request.Path = path switch
            {
                "/" => StatusPageRoutes.PagePath(slug),
                "/status.json" => StatusPageRoutes.JsonPath(slug),
                _ => StatusPageRoutes.FeedPath(slug),
            };
        }

        await next(http);
    }

    private async Task<string?> SlugForAsync(string host, CancellationToken ct)
    {
        host = host.ToLowerInvariant();
        var map = _map;
        var now = _clock.GetUtcNow().UtcDateTime;
        if (map is null
            || now - map.LoadedAt >= TimeSpan.FromSeconds(Math.Max(1, options.Value.CacheSeconds))
            || (!map.SlugByHost.ContainsKey(host) && now - map.LoadedAt >= MissReload))
        {
            map = await LoadAsync(map, ct);
        }

        return map.SlugByHost.GetValueOrDefault(host);
    }

    private async Task<DomainMap> LoadAsync(DomainMap? seen, CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            // Another request may have loaded it while this one waited.
            if (_map is { } fresh && !ReferenceEquals(fresh, seen))
            {
                return fresh;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SentinelDbContext>();
            var domains = await db.StatusPages.AsNoTracking()
                .Where(p => p.CustomDomain != null)
                .Select(p => new { p.CustomDomain, p.Slug })
                .ToListAsync(ct);
            var map = new DomainMap(domains.ToDictionary(d => d.CustomDomain!.ToLowerInvariant(), d => d.Slug), _clock.GetUtcNow().UtcDateTime);
            _map = map;
            return map;
        }
        finally
        {
            _loading.Release();
        }
    }
}
