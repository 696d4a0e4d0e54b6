namespace Sentinel.Checks;

/// <summary>
/// The limits each item of a list (or each entry of a map) keeps, stated beside the property for schemas: the api's
/// OpenAPI document shows them as keywords of the items, as it shows <c>[MaxLength]</c> or <c>[Range]</c> of the
/// property itself. The spec's own validation enforces them, with its messages.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemsAttribute : Attribute
{
    /// <summary>Longest item (for a map, longest value), in characters; -1 when unbounded.</summary>
    public int MaxLength { get; set; } = -1;

    /// <summary>Longest key of a map, in characters; -1 when unbounded.</summary>
    public int KeyMaxLength { get; set; } = -1;

    /// <summary>Smallest numeric item, when <see cref="Maximum"/> is also given.</summary>
    public int Minimum { get; set; }

    /// <summary>Largest numeric item; with <see cref="Minimum"/>, only when greater than it.</summary>
    public int Maximum { get; set; }

    /// <summary>A regular expression each item matches as a whole (anchored), or null.</summary>
    public string? Pattern { get; set; }
}
