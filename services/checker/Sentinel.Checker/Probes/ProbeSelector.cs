using Sentinel.Checks;

namespace Sentinel.Checker.Probes;

/// <summary>Finds the probe for a check spec's kind.</summary>
public sealed class ProbeSelector(IEnumerable<IProbe> probes)
{
    private readonly Dictionary<Type, IProbe> _probes = probes.ToDictionary(p => p.SpecType);

    public IProbe? For(ProbeCheck spec) => _probes.GetValueOrDefault(spec.GetType());
}
