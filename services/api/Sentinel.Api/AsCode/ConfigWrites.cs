using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Channels;
using Sentinel.Api.Escalation;
using Sentinel.Api.Http;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Monitors;
using Sentinel.Api.StatusPages;
using Sentinel.Data;

namespace Sentinel.Api.AsCode;

/// <summary>
/// Each kind's writes and reads as an apply calls them: the REST routes' own (<see cref="MonitorWrites"/>,
/// <see cref="ChannelWrites"/>, ...), so a document is validated and stored exactly as the same body sent to the api.
/// </summary>
public sealed class ConfigWrites(
    SentinelDbContext db,
    MonitorWrites monitors,
    MonitorDocument monitorDocuments,
    ChannelWrites channels,
    ApiDocument<ChannelResponse, ChannelRequest> channelDocuments,
    EscalationPolicyWrites policies,
    ApiDocument<EscalationPolicyResponse, EscalationPolicyRequest> policyDocuments,
    MaintenanceWrites windows,
    ApiDocument<MaintenanceWindowResponse, MaintenanceWindowRequest> windowDocuments,
    StatusPageWrites pages,
    ApiDocument<StatusPageResponse, StatusPageRequest> pageDocuments)
{
    /// <summary>Creates the object <paramref name="document"/> (a REST body) describes: its id, or why not.</summary>
    public async Task<(Guid? Id, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(ConfigKind kind, JsonObject document, CancellationToken ct) =>
        kind == ConfigKinds.Monitors ? Result(await monitors.CreateAsync(document, ct), r => r.Id)
        : kind == ConfigKinds.Channels ? Result(await channels.CreateAsync(document, ct), r => r.Id)
        : kind == ConfigKinds.EscalationPolicies ? Result(await policies.CreateAsync(document, ct), r => r.Id)
        : kind == ConfigKinds.MaintenanceWindows ? Result(await windows.CreateAsync(document, ct), r => r.Id)
        : Result(await pages.CreateAsync(document, ct), r => r.Id);

    /// <summary>Replaces object <paramref name="id"/> with <paramref name="document"/> as a PUT would: no errors when done.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ReplaceAsync(ConfigKind kind, Guid id, JsonObject document, CancellationToken ct) =>
        kind == ConfigKinds.Monitors ? Result(await monitors.ReplaceAsync(id, document, ct), r => r.Id).Errors
        : kind == ConfigKinds.Channels ? Result(await channels.ReplaceAsync(id, document, ct), r => r.Id).Errors
        : kind == ConfigKinds.EscalationPolicies ? Result(await policies.ReplaceAsync(id, document, ct), r => r.Id).Errors
        : kind == ConfigKinds.MaintenanceWindows ? Result(await windows.ReplaceAsync(id, document, ct), r => r.Id).Errors
        : Result(await pages.ReplaceAsync(id, document, ct), r => r.Id).Errors;

    /// <summary>Deletes object <paramref name="id"/> as DELETE would, taking it off whatever names it.</summary>
    public async Task DeleteAsync(ConfigKind kind, Guid id, CancellationToken ct) => _ =
        kind == ConfigKinds.Monitors ? await monitors.DeleteAsync(id, ct)
        : kind == ConfigKinds.Channels ? await channels.DeleteAsync(id, ct)
        : kind == ConfigKinds.EscalationPolicies ? await policies.DeleteAsync(id, ct)
        : kind == ConfigKinds.MaintenanceWindows ? await windows.DeleteAsync(id, ct)
        : await pages.DeleteAsync(id, ct);

    /// <summary>Object <paramref name="id"/> as GET shows it (secrets masked).</summary>
    public async Task<JsonObject> ShowAsync(ConfigKind kind, Guid id, CancellationToken ct)
    {
        if (kind == ConfigKinds.Monitors)
        {
            var monitor = await db.Monitors.AsNoTracking().Include(m => m.Status).SingleAsync(m => m.Id == id, ct);
            return monitorDocuments.Show(monitor, monitor.Status);
        }

        return kind == ConfigKinds.Channels ? channelDocuments.Show(ChannelResponse.From(await db.AlertChannels.AsNoTracking().SingleAsync(c => c.Id == id, ct)))
            : kind == ConfigKinds.EscalationPolicies ? policyDocuments.Show(EscalationPolicyResponse.From(await db.EscalationPolicies.AsNoTracking().SingleAsync(p => p.Id == id, ct)))
            : kind == ConfigKinds.MaintenanceWindows ? windowDocuments.Show(MaintenanceWindowResponse.From(await db.MaintenanceWindows.AsNoTracking().SingleAsync(w => w.Id == id, ct), DateTime.UtcNow))
            : pageDocuments.Show(StatusPageResponse.From(await db.StatusPages.AsNoTracking().SingleAsync(p => p.Id == id, ct)));
    }

    private static (Guid? Id, IReadOnlyDictionary<string, string[]> Errors) Result<T>(Outcome<T> outcome, Func<T, Guid> id) where T : class =>
        outcome.Value is { } value ? (id(value), outcome.Errors)
        : outcome.NotFound ? (null, new Dictionary<string, string[]> { [""] = ["It was deleted while this apply ran."] })
        : (null, outcome.Errors);
}
