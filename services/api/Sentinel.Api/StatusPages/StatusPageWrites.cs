using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.StatusPages;

/// <summary>
/// Every change to a status page, for the REST routes and the dashboard alike: each takes the document the api takes
/// (<see cref="StatusPageRequest"/> as JSON), validates it the one way, and saves it or says what is wrong.
/// </summary>
public sealed class StatusPageWrites(SentinelDbContext db, ApiDocument<StatusPageResponse, StatusPageRequest> documents, IPasswordHasher<StatusPage> hasher)
{
    public async Task<Outcome<StatusPageResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var page = new StatusPage { Id = Guid.CreateVersion7(), Slug = "", Title = "", CreatedAt = now, UpdatedAt = now };
        if (await ValidateOntoAsync(document, page, ct) is { } errors)
        {
            return Outcome<StatusPageResponse>.Invalid(errors);
        }

        db.StatusPages.Add(page);
        return await SaveAsync(page, ct);
    }

    /// <summary>
    /// Replaces page <paramref name="id"/> with <paramref name="document"/> (<c>PUT</c>): omitted fields take their
    /// defaults, read-only fields are ignored, and no password keeps the stored one.
    /// </summary>
    public async Task<Outcome<StatusPageResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } page ? await ReplaceAsync(page, document, ct) : Outcome<StatusPageResponse>.Missing();

    /// <summary>
    /// Changes page <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows; the result
    /// replaces the page as a <c>PUT</c> of it would.
    /// </summary>
    public async Task<Outcome<StatusPageResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } page
            ? await ReplaceAsync(page, JsonMergePatch.Apply(documents.Show(StatusPageResponse.From(page)), patch), ct)
            : Outcome<StatusPageResponse>.Missing();

    /// <summary>Deletes page <paramref name="id"/>; false when there is no such page. Its monitors are not touched.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.StatusPages.Where(p => p.Id == id).ExecuteDeleteAsync(ct) > 0;

    private async Task<Outcome<StatusPageResponse>> ReplaceAsync(StatusPage page, JsonObject document, CancellationToken ct)
    {
        if (await ValidateOntoAsync(document, page, ct) is { } errors)
        {
            // Validation may have changed it part way: a later SaveChanges of this context must not store that.
            db.Entry(page).State = EntityState.Detached;
            return Outcome<StatusPageResponse>.Invalid(errors);
        }

        page.UpdatedAt = DateTime.UtcNow;
        return await SaveAsync(page, ct);
    }

    /// <summary>
    /// Saves <paramref name="page"/>. Its slug and domain were found free, but another write may have taken one since:
    /// the unique index then refuses it, and the answer names the field as the check before would have.
    /// </summary>
    private async Task<Outcome<StatusPageResponse>> SaveAsync(StatusPage page, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<StatusPageResponse>.Done(StatusPageResponse.From(page));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            db.Entry(page).State = EntityState.Detached;
            return Outcome<StatusPageResponse>.Invalid(unique.ConstraintName?.Contains("custom_domain") == true
                ? new Dictionary<string, string[]> { ["customDomain"] = Taken("domain", page.CustomDomain!) }
                : new Dictionary<string, string[]> { ["slug"] = Taken("slug", page.Slug) });
        }
    }

    private Task<StatusPage?> TrackedAsync(Guid id, CancellationToken ct) => db.StatusPages.SingleOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>
    /// The page's rules, that its monitors exist, and that no other page has its slug or domain: null when all hold
    /// (and <paramref name="page"/> then carries the document), otherwise the errors by field.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateOntoAsync(JsonObject document, StatusPage page, CancellationToken ct)
    {
        var (read, unreadable) = documents.Read(document);
        if (read is not { } request)
        {
            return unreadable;
        }

        var id = page.Id;
        var errors = StatusPageValidation.Apply(request, page, hasher);
        // Looked up whatever else is wrong, so one answer says all; a slug or domain that breaks the rules is not.
        if (!errors.ContainsKey("slug") && StatusPageValidation.SlugOf(request) is { } slug && await db.StatusPages.AnyAsync(p => p.Id != id && p.Slug == slug, ct))
        {
            errors["slug"] = Taken("slug", slug);
        }

        if (!errors.ContainsKey("customDomain") && StatusPageValidation.DomainOf(request) is { } domain
            && await db.StatusPages.AnyAsync(p => p.Id != id && p.CustomDomain == domain, ct))
        {
            errors["customDomain"] = Taken("domain", domain);
        }

        // Every unknown monitor is named, whatever else is wrong, so one answer says all.
        var listed = (request.Groups ?? []).SelectMany((g, i) => (g.Monitors ?? []).Select((m, j) => (m.MonitorId, Field: $"groups[{i}].monitors[{j}].monitorId")))
            .Where(l => l.MonitorId is { } monitorId && monitorId != Guid.Empty).Select(l => (MonitorId: l.MonitorId!.Value, l.Field)).ToList();
        var ids = listed.Select(l => l.MonitorId).Distinct().ToList();
        var known = (await db.Monitors.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        foreach (var (monitorId, field) in listed.Where(l => !known.Contains(l.MonitorId)))
        {
            errors[field] = [$"No monitor has id {monitorId}."];
        }

        return errors.Count == 0 ? null : errors;
    }

    private static string[] Taken(string what, string value) => [$"Another status page has {what} '{value}'."];
}
