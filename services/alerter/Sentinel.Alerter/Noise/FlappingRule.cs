namespace Sentinel.Alerter.Noise;

/// <summary>
/// When a monitor is flapping, and when it has settled: flapping when it changed state more than
/// <c>changes</c> times within <c>minutes</c>; settled once it has not changed for <c>minutes</c>.
/// </summary>
public static class FlappingRule
{
    /// <summary>
    /// Whether the newest of <paramref name="changesNewestFirst"/> (the times of the monitor's state changes up to and
    /// including the one judged) makes it flapping: more than <paramref name="changes"/> of them within the
    /// <paramref name="minutes"/> that end at the newest. Only the first <paramref name="changes"/> + 1 are read.
    /// </summary>
    public static bool IsFlapping(IReadOnlyList<DateTime> changesNewestFirst, int changes, int minutes) =>
        changes > 0 && minutes > 0 && changesNewestFirst.Count > changes
        && changesNewestFirst[0] - changesNewestFirst[changes] < TimeSpan.FromMinutes(minutes);

    /// <summary>When a flapping monitor whose last change was at <paramref name="lastChange"/> counts as settled.</summary>
    public static DateTime SettlesAt(DateTime lastChange, int minutes) => lastChange.AddMinutes(minutes);
}
