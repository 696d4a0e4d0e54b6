using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Maintenance;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>A monitor with its status row (none before its first result), as a list shows it.</summary>
public sealed record MonitorRow(MonitorDefinition Monitor, MonitorStatus? Status);

/// <summary>Some monitors in creation order; <see cref="More"/> says whether more lie beyond them in the direction read.</summary>
public sealed record MonitorSlice(IReadOnlyList<MonitorRow> Items, bool More);

/// <summary>
/// Which monitors a list shows: by status, by name (a case-insensitive substring) and by tag. The same filter for
/// <c>GET /api/v1/monitors</c> and the dashboard's overview, so both answer the same question the same way.
/// </summary>
public sealed record MonitorFilter(MonitorStatusName? Status, string? Name, string? Tag)
{
    public static readonly MonitorFilter None = new(null, null, null);

    /// <summary>
    /// The filter from a query's text, or the field that is wrong and why, named as the REST list names its query
    /// parameters. An empty name or tag filters nothing; an empty status is not a status.
    /// </summary>
    public static (MonitorFilter? Filter, string? Field, string? Message) Parse(string? status, string? name, string? tag)
    {
        MonitorStatusName? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<MonitorStatusName>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return (null, "status", "Must be pending, up, down, degraded, paused or maintenance.");
            }

            wanted = parsed;
        }

        if (name is { Length: > MonitorValidation.MaxNameLength } || tag is { Length: > MonitorValidation.MaxTagLength })
        {
            return (null, name is { Length: > MonitorValidation.MaxNameLength } ? "name" : "tag", "Too long.");
        }

        foreach (var (field, filter) in new[] { ("name", name), ("tag", tag) })
        {
            if (filter is not null && StoredText.Refusal(filter) is { } why)
            {
                return (null, field, why);
            }
        }

        return (new MonitorFilter(wanted, name, tag), null, null);
    }

    /// <summary>The matching monitors; <paramref name="maintenance"/> says which are shown in maintenance (not up, degraded, down or pending).</summary>
    public IQueryable<MonitorDefinition> Apply(IQueryable<MonitorDefinition> monitors, ActiveMaintenance maintenance)
    {
        if (Name is { Length: > 0 })
        {
            // Case-insensitive substring; LIKE wildcards in the filter are taken literally.
            var pattern = "%" + Name.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            monitors = monitors.Where(m => EF.Functions.ILike(m.Name, pattern, @"\"));
        }

        if (Tag is { Length: > 0 })
        {
            var lowered = Tag.ToLowerInvariant();
            monitors = monitors.Where(m => m.Tags.Contains(lowered));
        }

        if (Status is null or MonitorStatusName.Paused)
        {
            return Status is null ? monitors : monitors.Where(m => !m.Enabled);
        }

        // The same rule as MonitorResponse.StatusOf: maintenance before the state, in SQL (ActiveMaintenance.Covers).
        var all = maintenance.CoversAll;
        var ids = maintenance.MonitorIds;
        var tags = maintenance.Tags;
        if (Status == MonitorStatusName.Maintenance)
        {
            return maintenance.Any ? monitors.Where(m => m.Enabled && (all || ids.Contains(m.Id) || m.Tags.Any(t => tags.Contains(t)))) : monitors.Where(m => false);
        }

        if (maintenance.Any)
        {
            monitors = monitors.Where(m => !(all || ids.Contains(m.Id) || m.Tags.Any(t => tags.Contains(t))));
        }

        return Status switch
        {
            MonitorStatusName.Up => monitors.Where(m => m.Enabled && m.Status != null && m.Status.State == MonitorState.Up),
            MonitorStatusName.Down => monitors.Where(m => m.Enabled && m.Status != null && m.Status.State == MonitorState.Down),
            MonitorStatusName.Degraded => monitors.Where(m => m.Enabled && m.Status != null && m.Status.State == MonitorState.Degraded),
            MonitorStatusName.Pending => monitors.Where(m => m.Enabled && (m.Status == null || m.Status.State == MonitorState.Pending)),
            _ => monitors,
        };
    }

    /// <summary>
    /// Up to <paramref name="take"/> matching monitors in creation order: those after the monitor
    /// <paramref name="after"/>, or else those just before <paramref name="before"/>, or else the first.
    /// Ids are version 7 UUIDs, so id order is creation order and a page never shifts under the reader.
    /// </summary>
    public async Task<MonitorSlice> ReadAsync(
        SentinelDbContext db, ActiveMaintenance maintenance, Guid? after, Guid? before, int take, CancellationToken ct)
    {
        var monitors = Apply(db.Monitors.AsNoTracking(), maintenance);
        if (after is { } a)
        {
            monitors = monitors.Where(m => m.Id.CompareTo(a) > 0).OrderBy(m => m.Id);
        }
        else if (before is { } b)
        {
            monitors = monitors.Where(m => m.Id.CompareTo(b) < 0).OrderByDescending(m => m.Id);
        }
        else
        {
            monitors = monitors.OrderBy(m => m.Id);
        }

        var rows = await monitors.Take(take + 1).Select(m => new MonitorRow(m, m.Status)).ToListAsync(ct);
        var items = rows.Take(take).ToList();
        if (after is null && before is not null)
        {
            items.Reverse();
        }

        return new MonitorSlice(items, rows.Count > take);
    }
}
