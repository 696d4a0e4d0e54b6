namespace Sentinel.Api.Monitors;

/// <summary>The rule that monitors' dependencies never loop back: a cycle would hold its members' alerts for ever.</summary>
public static class MonitorDependencies
{
    /// <summary>
    /// A path of dependencies from <paramref name="start"/> back to itself in <paramref name="dependsOn"/> (each monitor's
    /// parents), start first and last (<c>A, B, A</c>); null when there is none.
    /// </summary>
    public static IReadOnlyList<Guid>? CycleThrough(Guid start, IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> dependsOn)
    {
        var path = new List<Guid> { start };
        var explored = new HashSet<Guid>();
        return Walk(start) ? path : null;

        // Depth first; a monitor fully explored without reaching start is not explored again, so each edge is read once.
        bool Walk(Guid from)
        {
            foreach (var parent in dependsOn.GetValueOrDefault(from) ?? [])
            {
                path.Add(parent);
                if (parent == start || (explored.Add(parent) && Walk(parent)))
                {
                    return true;
                }

                path.RemoveAt(path.Count - 1);
            }

            return false;
        }
    }
}
