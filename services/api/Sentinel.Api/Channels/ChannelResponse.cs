using System.Text.Json.Nodes;
using Sentinel.Channels;
using Sentinel.Data;

namespace Sentinel.Api.Channels;

/// <summary>A channel as the api shows it: <c>config</c> is its kind's settings with secrets masked.</summary>
/// <param name="NotifyDegraded">The channel is also told when a monitor becomes degraded and when it leaves that state.</param>
public sealed record ChannelResponse(Guid Id, string Name, string Type, JsonObject Config, bool Default, bool NotifyDegraded, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The apply that manages it (its <c>source</c>, docs/as-code.md): the next apply from there overwrites hand edits. Null when made by hand.</summary>
    public string? Source { get; init; }

    public static ChannelResponse From(AlertChannel c) =>
        new(c.Id, c.Name, c.Type, ChannelSettingsJson.Show(c.Config.Masked()), c.IsDefault, c.NotifyDegraded, c.CreatedAt, c.UpdatedAt) { Source = c.Source };
}

public sealed record ChannelTestResponse(Guid ChannelId, bool Succeeded, string? Error);
