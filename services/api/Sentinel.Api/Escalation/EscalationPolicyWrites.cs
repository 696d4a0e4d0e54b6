using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Escalation;

/// <summary>
/// Every change to an escalation policy, for the REST routes (and a dashboard form) alike: each takes the document the
/// api takes (<see cref="EscalationPolicyRequest"/>, or what GET showed), validates it the one way, and saves it or
/// says what is wrong.
/// </summary>
public sealed class EscalationPolicyWrites(SentinelDbContext db, ApiDocument<EscalationPolicyResponse, EscalationPolicyRequest> documents)
{
    public async Task<Outcome<EscalationPolicyResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var policy = new EscalationPolicy { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        if (await ValidateOntoAsync(document, policy, ct) is { } errors)
        {
            return Outcome<EscalationPolicyResponse>.Invalid(errors);
        }

        db.EscalationPolicies.Add(policy);
        return await SaveAsync(policy, ct);
    }

    /// <summary>Replaces policy <paramref name="id"/> with <paramref name="document"/> (<c>PUT</c>); read-only fields are ignored.</summary>
    public async Task<Outcome<EscalationPolicyResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } policy ? await ReplaceAsync(policy, document, ct) : Outcome<EscalationPolicyResponse>.Missing();

    /// <summary>Changes policy <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows, validated as a <c>PUT</c> of the result.</summary>
    public async Task<Outcome<EscalationPolicyResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } policy
            ? await ReplaceAsync(policy, JsonMergePatch.Apply(documents.Show(EscalationPolicyResponse.From(policy)), patch), ct)
            : Outcome<EscalationPolicyResponse>.Missing();

    /// <summary>
    /// Deletes policy <paramref name="id"/>; monitors that named it fall back to a policy their tags name, if any (the
    /// foreign key sets their <c>escalation_policy_id</c> to null). False when there is none.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.EscalationPolicies.Where(p => p.Id == id).ExecuteDeleteAsync(ct) > 0;

    private async Task<Outcome<EscalationPolicyResponse>> ReplaceAsync(EscalationPolicy policy, JsonObject document, CancellationToken ct)
    {
        if (await ValidateOntoAsync(document, policy, ct) is { } errors)
        {
            // Validation may have changed it part way: a later SaveChanges of this context must not store that.
            db.Entry(policy).State = EntityState.Detached;
            return Outcome<EscalationPolicyResponse>.Invalid(errors);
        }

        policy.UpdatedAt = DateTime.UtcNow;
        return await SaveAsync(policy, ct);
    }

    /// <summary>Saves, turning a name taken by a concurrent save (the unique index) into the same 400 validation gives.</summary>
    private async Task<Outcome<EscalationPolicyResponse>> SaveAsync(EscalationPolicy policy, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<EscalationPolicyResponse>.Done(EscalationPolicyResponse.From(policy));
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.Entry(policy).State = EntityState.Detached;
            return Outcome<EscalationPolicyResponse>.Invalid(new Dictionary<string, string[]> { ["name"] = [$"Another escalation policy is named '{policy.Name}'."] });
        }
    }

    private Task<EscalationPolicy?> TrackedAsync(Guid id, CancellationToken ct) => db.EscalationPolicies.SingleOrDefaultAsync(p => p.Id == id, ct);

    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateOntoAsync(JsonObject document, EscalationPolicy policy, CancellationToken ct)
    {
        var (request, unreadable) = documents.Read(document);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var channelIds = (request!.Steps ?? []).SelectMany(s => s?.ChannelIds ?? []).Distinct().ToList();
        var knownChannels = channelIds.Count == 0 ? [] : await db.AlertChannels.Where(c => channelIds.Contains(c.Id)).Select(c => c.Id).ToHashSetAsync(ct);
        var name = request.Name?.Trim() ?? "";
        var takenNames = await db.EscalationPolicies.Where(p => p.Name == name && p.Id != policy.Id).Select(p => p.Name).ToHashSetAsync(ct);
        var errors = EscalationPolicyValidation.Apply(request, policy, knownChannels, takenNames);
        return errors.Count == 0 ? null : errors;
    }
}
