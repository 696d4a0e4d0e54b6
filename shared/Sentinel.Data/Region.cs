namespace Sentinel.Data;

/// <summary>
/// A place checks run from: the checkers started with its name (<c>Checker__Region</c>) consume its queue. Written by
/// the api; the <see cref="Sentinel.ServiceDefaults.RegionNames.Default"/> region always exists.
/// </summary>
public sealed class Region
{
    public const short DefaultNumber = 1;

    /// <summary>A DNS label (<see cref="Sentinel.ServiceDefaults.RegionNames"/>).</summary>
    public required string Name { get; set; }

    /// <summary>
    /// A small number the database gives each region, never reused: what <see cref="CheckResult"/> rows name it by.
    /// The default region's is <see cref="DefaultNumber"/>.
    /// </summary>
    public short Number { get; set; }

    /// <summary>In the set of regions a monitor that names none is checked from.</summary>
    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; set; }
}
