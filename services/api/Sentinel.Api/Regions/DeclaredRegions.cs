using Microsoft.EntityFrameworkCore;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Regions;

/// <summary>
/// The regions a monitor may name (<see cref="Names"/>) and the set a monitor that names none is checked from
/// (<see cref="DefaultSet"/>), read once per write: the table holds a handful of rows.
/// </summary>
public sealed record DeclaredRegions(IReadOnlyList<string> Names, IReadOnlyList<string> DefaultSet)
{
    /// <summary>Only the <see cref="RegionNames.Default"/> region: what every installation has.</summary>
    public static readonly DeclaredRegions OnlyDefault = new([RegionNames.Default], [RegionNames.Default]);

    public bool Contains(string name) => Names.Contains(name);

    public static async Task<DeclaredRegions> ReadAsync(SentinelDbContext db, CancellationToken ct)
    {
        var rows = await db.Regions.AsNoTracking().Select(r => new { r.Name, r.IsDefault }).ToListAsync(ct);
        return new DeclaredRegions(
            InOrder(rows.Select(r => r.Name)),
            InOrder(rows.Where(r => r.IsDefault).Select(r => r.Name)));
    }

    /// <summary>By name, <see cref="RegionNames.Default"/> first: the order a resolved default set is stored and shown in.</summary>
    public static List<string> InOrder(IEnumerable<string> names) =>
        names.OrderBy(n => n == RegionNames.Default ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
}
