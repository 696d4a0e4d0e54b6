namespace Sentinel.Data;

/// <summary>
/// A place checks run from: the checkers started with its name (<c>Checker__Region</c>) consume its queue. Written by
/// the api; the <see cref="Sentinel.ServiceDefaults.RegionNames.Default"/> region always exists.
/// </summary>
public sealed class Region
{
    /// <summary>A DNS label (<see cref="Sentinel.ServiceDefaults.RegionNames"/>).</summary>
    public required string Name { get; set; }

    /// <summary>In the set of regions a monitor that names none is checked from.</summary>
    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; set; }
}
