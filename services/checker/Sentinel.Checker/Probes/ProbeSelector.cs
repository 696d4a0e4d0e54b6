namespace Sentinel.Checker.Probes;

/// <summary>Finds the probe for a target URL.</summary>
public sealed class ProbeSelector(IEnumerable<IProbe> probes)
{
    private readonly IProbe[] _probes = probes.ToArray();

    public IProbe? For(Uri target) => Array.Find(_probes, p => p.Handles(target));
}
