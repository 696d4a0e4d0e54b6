using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Regions;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Data;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Every change to a monitor, for the REST routes and the dashboard alike: each takes the document the api takes (one
/// flat JSON object, <see cref="MonitorDocument"/>), validates it the one way, and saves it or says what is wrong.
/// </summary>
public sealed class MonitorWrites(SentinelDbContext db, OutboundGuard guard, MonitorDocument documents)
{
    /// <summary>The field <see cref="SetEnabledAsync"/> changes, as the document names it.</summary>
    private const string EnabledField = "enabled";

    /// <summary>The fields a <see cref="PatchAsync"/> of the regions alone resolves afresh, as the document names them.</summary>
    private const string RegionsField = "regions", QuorumField = "quorum";

    /// <summary>Creates the monitor <paramref name="document"/> describes, due at once (a heartbeat: after its first period).</summary>
    public async Task<Outcome<MonitorResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var monitor = New();
        if (await ValidateOntoAsync(document, monitor, stored: null, ct) is { } errors)
        {
            return Outcome<MonitorResponse>.Invalid(errors);
        }

        monitor.Schedule = new MonitorSchedule { NextCheckAt = FirstDue(monitor, monitor.CreatedAt) };
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync(ct);
        return Outcome<MonitorResponse>.Done(MonitorResponse.From(monitor, null, await InMaintenanceAsync(monitor, ct)));
    }

    /// <summary>
    /// Replaces monitor <paramref name="id"/> with <paramref name="document"/> (<c>PUT</c>): omitted fields take their
    /// defaults, read-only fields are ignored, secrets sent back masked keep the stored ones.
    /// </summary>
    public async Task<Outcome<MonitorResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } monitor ? await ReplaceAsync(monitor, document, ct) : Outcome<MonitorResponse>.Missing();

    /// <summary>
    /// Changes monitor <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows; the result
    /// replaces the monitor as <see cref="ReplaceAsync(Guid, JsonObject, CancellationToken)"/> would. A patch of the
    /// regions that names no quorum takes the majority of the new regions: the stored quorum counted the old ones.
    /// </summary>
    public async Task<Outcome<MonitorResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct)
    {
        if (await TrackedAsync(id, ct) is not { } monitor)
        {
            return Outcome<MonitorResponse>.Missing();
        }

        var document = JsonMergePatch.Apply(documents.Show(monitor, monitor.Status), patch);
        if (patch.ContainsKey(RegionsField) && !patch.ContainsKey(QuorumField))
        {
            document.Remove(QuorumField);
        }

        return await ReplaceAsync(monitor, document, ct);
    }

    /// <summary>
    /// Pauses (<paramref name="enabled"/> false) or resumes monitor <paramref name="id"/>: the merge patch
    /// <c>{"enabled": …}</c>, so it is validated as any change is; a resumed monitor is checked at once.
    /// </summary>
    public Task<Outcome<MonitorResponse>> SetEnabledAsync(Guid id, bool enabled, CancellationToken ct) =>
        PatchAsync(id, new JsonObject { [EnabledField] = enabled }, ct);

    /// <summary>
    /// Deletes monitor <paramref name="id"/> with its status and rollups (its results age out), and takes it off the status pages, incidents,
    /// maintenance windows and monitors (their dependsOn) that list it (they hold ids in arrays and jsonb, beyond a foreign key's reach, and would
    /// otherwise refuse their next save); false when there is no such monitor.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginUnlessInOneAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE incidents SET monitor_ids = array_remove(monitor_ids, {id}) WHERE {id} = ANY(monitor_ids)", ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE monitors SET depends_on = array_remove(depends_on, {id}) WHERE {id} = ANY(depends_on)", ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE maintenance_windows SET monitor_ids = array_remove(monitor_ids, {id}) WHERE {id} = ANY(monitor_ids)", ct);
        // Groups are stored as StatusPageGroup serializes (PascalCase names): keep each group, drop the monitor from it.
        await db.Database.ExecuteSqlInterpolatedAsync($$"""
            UPDATE status_pages SET groups = (
                SELECT coalesce(jsonb_agg(jsonb_set(g, '{Monitors}', coalesce(
                    (SELECT jsonb_agg(m ORDER BY n) FROM jsonb_array_elements(g -> 'Monitors') WITH ORDINALITY AS e(m, n)
                     WHERE m ->> 'MonitorId' <> {{id.ToString()}}), '[]'::jsonb)) ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(groups) WITH ORDINALITY AS x(g, i))
            WHERE jsonb_path_exists(groups, '$[*].Monitors[*] ? (@.MonitorId == $id)', jsonb_build_object('id', {{id.ToString()}}::text))
            """, ct);
        // Status, rollups and transitions go with it (ON DELETE CASCADE); its results stay until their partitions
        // leave the retention window, unreadable once the monitor's number is gone. The scheduler no longer sees the
        // row, and the recorder drops any result still in flight for it.
        var deleted = await db.Monitors.Where(m => m.Id == id).ExecuteDeleteAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return deleted > 0;
    }

    /// <summary>
    /// The monitor <paramref name="document"/> describes, validated as <see cref="CreateAsync"/> would (or, given
    /// <paramref name="replacing"/>, as a replace of that monitor would: masked secrets keep its stored ones), and
    /// never saved: what "test now" runs.
    /// </summary>
    public async Task<Outcome<MonitorDefinition>> ValidateAsync(JsonObject document, Guid? replacing, CancellationToken ct)
    {
        var monitor = New();
        if (replacing is { } id)
        {
            // Not tracked: the changes validation makes to it must never reach a later SaveChanges of this context.
            if (await db.Monitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } stored)
            {
                return Outcome<MonitorDefinition>.Missing();
            }

            monitor = stored;
        }

        return await ValidateOntoAsync(document, monitor, stored: replacing is null ? null : monitor.Check, ct) is { } errors
            ? Outcome<MonitorDefinition>.Invalid(errors)
            : Outcome<MonitorDefinition>.Done(monitor);
    }

    private async Task<Outcome<MonitorResponse>> ReplaceAsync(MonitorDefinition monitor, JsonObject document, CancellationToken ct)
    {
        if (await ValidateOntoAsync(document, monitor, stored: monitor.Check, ct) is { } errors)
        {
            // Validation may have changed it part way: a later SaveChanges of this context must not store that.
            db.Entry(monitor).State = EntityState.Detached;
            return Outcome<MonitorResponse>.Invalid(errors);
        }

        // Check with the new settings at once instead of after the old interval.
        monitor.UpdatedAt = DateTime.UtcNow;
        db.MonitorSchedules.Update(new MonitorSchedule { MonitorId = monitor.Id, NextCheckAt = FirstDue(monitor, monitor.UpdatedAt) });
        await db.SaveChangesAsync(ct);
        var acknowledged = (await new Acknowledgements(db).CurrentAsync([monitor.Id], ct)).GetValueOrDefault(monitor.Id);
        return Outcome<MonitorResponse>.Done(MonitorResponse.From(
            monitor, monitor.Status, await InMaintenanceAsync(monitor, ct), await MonitorFlapping.SinceAsync(db, monitor.Id, ct), acknowledged));
    }

    private async Task<bool> InMaintenanceAsync(MonitorDefinition monitor, CancellationToken ct) =>
        (await ActiveMaintenance.ReadAsync(db, DateTime.UtcNow, ct)).Covers(monitor.Id, monitor.Tags);

    private Task<MonitorDefinition?> TrackedAsync(Guid id, CancellationToken ct) =>
        db.Monitors.Include(m => m.Status).SingleOrDefaultAsync(m => m.Id == id, ct);

    private static MonitorDefinition New()
    {
        var now = DateTime.UtcNow;
        // Check is replaced by the validated spec, or the monitor is not saved.
        return new MonitorDefinition { Id = Guid.CreateVersion7(), Name = "", Check = null!, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>
    /// The monitor's rules, its spec's, that its channels exist and that Sentinel may connect to its target: null when
    /// all hold (and <paramref name="monitor"/> then carries the document), otherwise the errors by field.
    /// <paramref name="stored"/> is the spec saved before, whose secrets a spec sent back masked keeps.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateOntoAsync(
        JsonObject document, MonitorDefinition monitor, CheckSpec? stored, CancellationToken ct)
    {
        var errors = new CheckErrors();
        if (StoredText.Refusal(document) is { } refused)
        {
            errors.Add(refused.Field, refused.Message);
            return errors.ToDictionary();
        }

        var (fields, spec) = documents.Read(document, errors);
        if (fields is not null)
        {
            MonitorValidation.Apply(fields, spec, stored, monitor, await DeclaredRegions.ReadAsync(db, ct), errors);
        }

        await RequireChannelsAsync(monitor, errors, ct);
        await RequireDependenciesAsync(monitor, errors, ct);
        await RequirePolicyAsync(monitor, errors, ct);
        await RequireReachableAsync(monitor, errors, ct);
        return errors.Count == 0 ? null : errors.ToDictionary();
    }

    /// <summary>
    /// A check is due at once; a heartbeat gets a full period and its grace for its first ping (after an update too:
    /// the new period starts then).
    /// </summary>
    private static DateTime FirstDue(MonitorDefinition monitor, DateTime now) =>
        monitor.Check is HeartbeatCheck heartbeat ? now.AddSeconds(monitor.IntervalSeconds + heartbeat.GraceSeconds) : now;

    /// <summary>Refuses, at once and with the reason, a target the checker's outbound guard would refuse.</summary>
    private async Task RequireReachableAsync(MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count == 0 && monitor.Check is ProbeCheck probe && await guard.RefusalAsync(probe.Endpoint().Host, probe.Endpoint().Port, ct) is { } why)
        {
            errors.Add("url", $"Sentinel does not connect there: {why}.");
        }
    }

    /// <summary>
    /// Every monitor a monitor depends on must exist, be another, and not depend on it in turn, however indirectly: the
    /// error names the missing ids or the cycle.
    /// </summary>
    private async Task RequireDependenciesAsync(MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count > 0 || monitor.DependsOn.Count == 0)
        {
            return;
        }

        if (monitor.DependsOn.Contains(monitor.Id))
        {
            errors.Add("dependsOn", "A monitor cannot depend on itself.");
            return;
        }

        // A cycle through this monitor runs through its parents' ancestors: only those are read (walked in SQL), not
        // every monitor, of which there may be a million. The walk stops at this monitor, whose new parents are these.
        var parents = monitor.DependsOn.ToArray();
        var graph = (await db.Monitors.FromSqlInterpolated($"""
                WITH RECURSIVE ancestors(id) AS (
                    SELECT unnest({parents})
                    UNION
                    SELECT parent FROM ancestors a JOIN monitors m ON m.id = a.id AND m.id <> {monitor.Id}
                    CROSS JOIN LATERAL unnest(m.depends_on) parent
                )
                SELECT m.* FROM monitors m WHERE m.id <> {monitor.Id} AND m.id IN (SELECT id FROM ancestors)
                """).AsNoTracking().ToListAsync(ct))
            .Select(m => new { m.Id, m.Name, m.DependsOn }).ToList();
        var missing = monitor.DependsOn.Except(graph.Select(m => m.Id)).ToList();
        if (missing.Count > 0)
        {
            errors.Add("dependsOn", $"No monitor has id {string.Join(", ", missing)}.");
            return;
        }

        var edges = graph.ToDictionary(m => m.Id, m => (IReadOnlyList<Guid>)m.DependsOn);
        edges[monitor.Id] = monitor.DependsOn;
        if (MonitorDependencies.CycleThrough(monitor.Id, edges) is { } cycle)
        {
            var names = graph.ToDictionary(m => m.Id, m => m.Name);
            names[monitor.Id] = monitor.Name;
            errors.Add("dependsOn", $"Would make a cycle: {string.Join(" → ", cycle.Select(id => names[id]))}.");
        }
    }

    /// <summary>The escalation policy a monitor names must exist.</summary>
    private async Task RequirePolicyAsync(MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count == 0 && monitor.EscalationPolicyId is { } id && !await db.EscalationPolicies.AnyAsync(p => p.Id == id, ct))
        {
            errors.Add("escalationPolicyId", $"No escalation policy has id {id}.");
        }
    }

    /// <summary>Every channel a monitor names must exist; the error names the missing ones.</summary>
    private async Task RequireChannelsAsync(MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count > 0 || monitor.ChannelIds.Count == 0)
        {
            return;
        }

        var ids = monitor.ChannelIds;
        var known = await db.AlertChannels.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add("channelIds", $"No channel has id {string.Join(", ", missing)}.");
        }
    }
}
