namespace Sentinel.Checker.Probes;

/// <summary>One kind of check, picked by the target URL's scheme.</summary>
public interface IProbe
{
    /// <summary>The label this probe's checks carry in metrics.</summary>
    string Kind { get; }

    bool Handles(Uri target);

    /// <summary>
    /// Probes once, without retrying, recording what it sees on <paramref name="run"/> as it goes. Returns null
    /// when the probe's own rule says up, otherwise why not. Network failures may throw; the caller turns them
    /// into a down result, and still reads what the run recorded before the failure.
    /// </summary>
    Task<string?> ProbeAsync(ProbeRun run, CancellationToken cancellationToken);
}
