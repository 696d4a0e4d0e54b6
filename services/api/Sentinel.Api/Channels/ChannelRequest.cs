using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Sentinel.Api.Channels;

/// <summary>The body of POST and PUT /api/v1/channels.</summary>
/// <remarks>
/// <c>config</c> is the kind's own settings (<see cref="Sentinel.Channels.ChannelSettings"/>), described per type in the
/// OpenAPI document by <see cref="ChannelSchema"/>; the rules, with their messages, are <see cref="ChannelValidation.Read"/>.
/// </remarks>
public sealed record ChannelRequest
{
    [MaxLength(ChannelValidation.MaxNameLength)]
    public string? Name { get; init; }

    [MaxLength(ChannelValidation.MaxTypeLength)]
    public string? Type { get; init; }

    public JsonObject? Config { get; init; }
    public bool? Default { get; init; }

    /// <summary>Also notify when a monitor becomes degraded, and when it leaves that state; omitted, false.</summary>
    public bool? NotifyDegraded { get; init; }
}
