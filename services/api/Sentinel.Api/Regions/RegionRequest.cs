using System.ComponentModel.DataAnnotations;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Regions;

/// <summary>A region to declare: checkers started with its name (<c>Checker__Region</c>) will consume its queue.</summary>
public sealed record RegionRequest
{
    /// <summary>A DNS label: it is part of the queue's and the broker user's names.</summary>
    [MaxLength(RegionNames.MaxLength)]
    [RegularExpression(RegionNames.Pattern)]
    public string? Name { get; init; }

    /// <summary>In the default set, from which monitors that name no regions are checked; omitted, false.</summary>
    public bool? Default { get; init; }
}

/// <summary>The change <c>PATCH /api/v1/regions/{name}</c> takes (a JSON merge patch): only whether it is in the default set.</summary>
public sealed record RegionChangeRequest
{
    public bool? Default { get; init; }
}
