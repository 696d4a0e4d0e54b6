using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

/// <summary>
/// Every change to a maintenance window, for the REST routes and the dashboard alike: each takes the document the api
/// takes (<see cref="MaintenanceWindowRequest"/>, or what GET showed), validates it the one way, and saves it or says what is wrong.
/// </summary>
public sealed class MaintenanceWrites(SentinelDbContext db, ApiDocument<MaintenanceWindowResponse, MaintenanceWindowRequest> documents)
{
    public async Task<Outcome<MaintenanceWindowResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var window = new MaintenanceWindow { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        if (await ValidateOntoAsync(document, window, ct) is { } errors)
        {
            return Outcome<MaintenanceWindowResponse>.Invalid(errors);
        }

        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync(ct);
        return Outcome<MaintenanceWindowResponse>.Done(MaintenanceWindowResponse.From(window, DateTime.UtcNow));
    }

    /// <summary>Replaces window <paramref name="id"/> with <paramref name="document"/> (<c>PUT</c>); read-only fields are ignored.</summary>
    public async Task<Outcome<MaintenanceWindowResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } window ? await ReplaceAsync(window, document, ct) : Outcome<MaintenanceWindowResponse>.Missing();

    /// <summary>
    /// Changes window <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows; the result
    /// replaces the window as a <c>PUT</c> of it would. Turning a one-off window into a recurring one takes nulls for
    /// the fields of the form left.
    /// </summary>
    public async Task<Outcome<MaintenanceWindowResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } window
            ? await ReplaceAsync(window, JsonMergePatch.Apply(documents.Show(MaintenanceWindowResponse.From(window, DateTime.UtcNow)), patch), ct)
            : Outcome<MaintenanceWindowResponse>.Missing();

    /// <summary>Deletes window <paramref name="id"/>: its monitors count and alert as usual from their next check. False when there is none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.MaintenanceWindows.Where(w => w.Id == id).ExecuteDeleteAsync(ct) > 0;

    private async Task<Outcome<MaintenanceWindowResponse>> ReplaceAsync(MaintenanceWindow window, JsonObject document, CancellationToken ct)
    {
        if (await ValidateOntoAsync(document, window, ct) is { } errors)
        {
            // Validation may have changed it part way: a later SaveChanges of this context must not store that.
            db.Entry(window).State = EntityState.Detached;
            return Outcome<MaintenanceWindowResponse>.Invalid(errors);
        }

        window.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return Outcome<MaintenanceWindowResponse>.Done(MaintenanceWindowResponse.From(window, DateTime.UtcNow));
    }

    private Task<MaintenanceWindow?> TrackedAsync(Guid id, CancellationToken ct) => db.MaintenanceWindows.SingleOrDefaultAsync(w => w.Id == id, ct);

    /// <summary>Validates <paramref name="document"/> onto <paramref name="window"/>: null when all holds, otherwise the errors by field.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateOntoAsync(JsonObject document, MaintenanceWindow window, CancellationToken ct)
    {
        var (request, unreadable) = documents.Read(document);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var monitorIds = (request!.MonitorIds ?? []).Distinct().ToList();
        var channelIds = (request.NotifyChannelIds ?? []).Distinct().ToList();
        var knownMonitors = monitorIds.Count == 0 ? [] : await db.Monitors.Where(m => monitorIds.Contains(m.Id)).Select(m => m.Id).ToHashSetAsync(ct);
        var knownChannels = channelIds.Count == 0 ? [] : await db.AlertChannels.Where(c => channelIds.Contains(c.Id)).Select(c => c.Id).ToHashSetAsync(ct);
        var errors = MaintenanceValidation.Apply(request, window, knownMonitors, knownChannels, DateTime.UtcNow);
        return errors.Count == 0 ? null : errors;
    }
}
