using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary>
/// The api with a page cache that never expires by time (so a test sees exactly when a transition renders a page
/// again) and a limit no test reaches.
/// </summary>
public class PublicPagesFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["PublicPages__CacheSeconds"] = "3600",
        ["PublicPages__RequestsPerMinute"] = "1000000",
    };

    /// <summary>A client as a visitor's browser: no key, no login, redirects not followed.</summary>
    public HttpClient Visitor(string host = "localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"http://{host}/") });
}

/// <summary>Pages, monitors and incidents put straight into the database, as the management routes would save them.</summary>
public sealed class StatusPageSeed(ApiFactory factory)
{
    public const string PagePassword = "open sesame 42";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A monitor with a status row and the last result, the transition to that state and 90 days of full rollups.</summary>
    public async Task<MonitorDefinition> MonitorAsync(
        string name, MonitorState state, string url = "http://127.0.0.1:1/health", string[]? tags = null, string? error = null, string? publicId = null,
        bool enabled = true)
    {
        await using var db = factory.Database.CreateDbContext();
        var now = DateTime.UtcNow;
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(), Name = name, Check = new HttpCheck { Url = url, TimeoutSeconds = 5 }, IntervalSeconds = 60, Enabled = enabled,
            Tags = [.. tags ?? []], PublicId = publicId, CreatedAt = now.AddDays(-100), UpdatedAt = now.AddDays(-100), Schedule = new MonitorSchedule { NextCheckAt = now.AddDays(1) },
        };
        db.Monitors.Add(monitor);
        var result = DashboardSeed.Result(monitor.Id, now.AddSeconds(-30), state == MonitorState.Down ? CheckStatus.Down : CheckStatus.Up, 42, error);
        db.MonitorStatuses.Add(new MonitorStatus
        {
            MonitorId = monitor.Id, State = state, AnnouncedState = state, LastCheckId = result.CheckId, LastCheckedAt = result.ScheduledAt,
            LastScheduledAt = result.ScheduledAt,
        });
        var transition = DashboardSeed.Transition(monitor.Id, now.AddMinutes(-5), MonitorState.Up, state);
        transition.Error = error;
        db.StatusTransitions.Add(transition);
        await db.SaveChangesAsync();
        await StoredResult.AddAsync(db, [result]);
        return monitor;
    }

    public async Task<StatusPage> PageAsync(
        string slug, IEnumerable<(string Group, IEnumerable<(MonitorDefinition Monitor, string DisplayName)> Monitors)> groups,
        Action<StatusPage>? configure = null)
    {
        await using var db = factory.Database.CreateDbContext();
        var page = new StatusPage
        {
            Id = Guid.CreateVersion7(), Slug = slug, Title = $"Status of {slug}", Description = "How our services are doing.",
            Groups = groups.Select(g => new StatusPageGroup
            {
                Name = g.Group, Monitors = g.Monitors.Select(m => new StatusPageMonitor { MonitorId = m.Monitor.Id, DisplayName = m.DisplayName }).ToList(),
            }).ToList(),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        configure?.Invoke(page);
        if (page.Visibility == StatusPageVisibility.Password)
        {
            page.PasswordHash = new PasswordHasher<StatusPage>().HashPassword(page, PagePassword);
        }

        db.StatusPages.Add(page);
        await db.SaveChangesAsync();
        return page;
    }

    /// <summary>An incident with its timeline (oldest first, a minute apart), its status that of its last update.</summary>
    public async Task<Incident> IncidentAsync(string title, IncidentImpact impact, Guid[] monitorIds, params (IncidentStatus Status, string Message)[] updates)
    {
        await using var db = factory.Database.CreateDbContext();
        var start = DateTime.UtcNow.AddHours(-2);
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(), Title = title, Impact = impact, MonitorIds = [.. monitorIds], Status = updates[^1].Status,
            CreatedAt = start, UpdatedAt = start.AddMinutes(updates.Length - 1),
            ResolvedAt = updates[^1].Status == IncidentStatus.Resolved ? start.AddMinutes(updates.Length - 1) : null,
            Updates = updates.Select((u, i) => new IncidentUpdate { Id = Guid.CreateVersion7(), Status = u.Status, Message = u.Message, CreatedAt = start.AddMinutes(i) }).ToList(),
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident;
    }

    public async Task AddAsync(params object[] rows)
    {
        await using var db = factory.Database.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Sets a monitor's state in its status row, as the recorder would, without telling anyone.</summary>
    public async Task SetStateAsync(Guid monitorId, MonitorState state)
    {
        await using var db = factory.Database.CreateDbContext();
        var status = await db.MonitorStatuses.FindAsync(monitorId);
        status!.State = state;
        await db.SaveChangesAsync();
    }

    /// <summary>Tells the api's processes of a transition, over the broker, as the recorder does.</summary>
    public Task PublishTransitionAsync(Guid monitorId, MonitorState from, MonitorState to) =>
        factory.Services.GetRequiredService<IBus>().Publish(new MonitorStatusChanged
        {
            TransitionId = Guid.NewGuid(), MonitorId = monitorId, PreviousState = from, State = to, CheckId = Guid.NewGuid(), ChangedAt = DateTime.UtcNow,
        });
}

public static class PublicResponses
{
    public static async Task<string> TextAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    public static async Task<JsonElement> JsonAsync(this HttpClient client, string path) =>
        JsonDocument.Parse(await client.TextAsync(path)).RootElement;
}
