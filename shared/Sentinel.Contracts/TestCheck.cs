using System.Text.Json;

namespace Sentinel.Contracts;

/// <summary>
/// Run one check now and answer with the <see cref="CheckCompleted"/> it produced, recording nothing: the api's "test now", for a
/// monitor being written or one already saved.
/// </summary>
public sealed record TestCheck
{
    /// <summary>
    /// What to check and how, as <see cref="RunCheck.Check"/> carries it: a validated check spec with its
    /// <c>kind</c>, read with <c>Sentinel.Checks.CheckSpecJson</c>.
    /// </summary>
    public required JsonElement Check { get; init; }
}
