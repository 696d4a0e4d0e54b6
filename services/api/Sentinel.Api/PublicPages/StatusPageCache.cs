using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.Api.Live;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>A page rendered once in all three forms, from one read: the HTML, JSON and feed never disagree.</summary>
public sealed record RenderedStatusPage(
    Guid PageId,
    string Slug,
    StatusPageVisibility Visibility,
    string? PasswordHash,
    IReadOnlySet<Guid> MonitorIds,
    RenderedBody Html,
    RenderedBody Json,
    RenderedBody Feed,
    DateTime RenderedAt);

/// <summary>
/// Each status page rendered at most once per <see cref="PublicPagesOptions.CacheSeconds"/> in this process, whatever
/// the number of visitors. A page past its time is still served while one render replaces it in the background, so
/// no visitor waits for a render then; a transition of one of its monitors (heard through <see cref="StatusFeed"/>)
/// drops it at once, so the next visitor waits for a fresh render and sees the new state.
/// </summary>
public sealed class StatusPageCache(
    IServiceScopeFactory scopes,
    PublicHtml html,
    StatusFeed feed,
    IOptions<PublicPagesOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<StatusPageCache> log,
    TimeProvider? clock = null) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The page at <paramref name="slug"/>, rendered; null when there is none.</summary>
    public async Task<RenderedStatusPage?> GetAsync(string slug, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(slug, _ => new Slot());
        var current = slot.Current;
        var cacheFor = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        if (current is null || cacheFor == TimeSpan.Zero)
        {
            var rendered = await slot.RenderAsync(() => RenderAsync(slug)).WaitAsync(ct);
            if (rendered is null)
            {
                _slots.TryRemove(KeyValuePair.Create(slug, slot));
            }

            return rendered;
        }

        if (_clock.GetUtcNow().UtcDateTime - current.RenderedAt >= cacheFor)
        {
            // Served as it is this once; a failed render in the background is logged and tried again by the next visitor.
            _ = slot.RenderAsync(() => RenderAsync(slug));
        }

        return current;
    }

    /// <summary>Drops every page that lists <paramref name="monitorId"/>.</summary>
    public void Invalidate(Guid monitorId)
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is not { } page || page.MonitorIds.Contains(monitorId))
            {
                slot.Invalidate();
            }
        }
    }

    /// <summary>Drops every page: transitions may have been missed.</summary>
    public void InvalidateAll()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Invalidate();
        }
    }

    /// <summary>Listens to the transitions this process hears of for as long as it runs.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe();
            try
            {
                await foreach (var change in subscription.Changes.ReadAllAsync(stoppingToken))
                {
                    Invalidate(change.MonitorId);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Cut off (this process's queue was redeclared, or we fell behind): whatever was missed, render afresh.
            InvalidateAll();
        }
    }

    private async Task<RenderedStatusPage?> RenderAsync(string slug)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SentinelDbContext>();
            var page = await db.StatusPages.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug);
            if (page is null)
            {
                return null;
            }

            var now = _clock.GetUtcNow().UtcDateTime;
            var model = await PublicStatusPage.ReadAsync(
                db, scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), page, now, CancellationToken.None);
            var markup = await html.RenderAsync<StatusPageView>(new() { [nameof(StatusPageView.Model)] = model });
            return new RenderedStatusPage(
                page.Id,
                page.Slug,
                page.Visibility,
                page.PasswordHash,
                model.MonitorIds,
                RenderedBody.Create("text/html; charset=utf-8", markup),
                RenderedBody.Create("application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(StatusPageJson.From(model), json.Value.SerializerOptions)),
                RenderedBody.Create("application/atom+xml; charset=utf-8", StatusPageFeed.Write(model)),
                now);
        }
        catch (Exception e)
        {
            log.LogError(e, "Rendering status page {Slug} failed", slug);
            throw;
        }
    }

    /// <summary>One page's rendering: the current one, and at most one render under way per generation.</summary>
    private sealed class Slot
    {
        private readonly Lock _lock = new();
        private int _generation;
        private int _renderingGeneration = -1;
        private Task<RenderedStatusPage?>? _rendering;

        public volatile RenderedStatusPage? Current;

        /// <summary>
        /// Joins the render under way if it started after the last invalidation, else starts one; its result becomes
        /// <see cref="Current"/> only if nothing invalidated the page meanwhile.
        /// </summary>
        public Task<RenderedStatusPage?> RenderAsync(Func<Task<RenderedStatusPage?>> render)
        {
            lock (_lock)
            {
                if (_rendering is { IsCompleted: false } && _renderingGeneration == _generation)
                {
                    return _rendering;
                }

                var generation = _generation;
                _renderingGeneration = generation;
                _rendering = Task.Run(async () =>
                {
                    var rendered = await render();
                    lock (_lock)
                    {
                        if (generation == _generation)
                        {
                            Current = rendered;
                        }
                    }

                    return rendered;
                });
                return _rendering;
            }
        }

        public void Invalidate()
        {
            lock (_lock)
            {
                _generation++;
                Current = null;
            }
        }
    }
}
