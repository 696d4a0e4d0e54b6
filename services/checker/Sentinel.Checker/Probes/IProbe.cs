using Sentinel.Checks;

namespace Sentinel.Checker.Probes;

/// <summary>The checker's side of one kind of check (<see cref="CheckKinds"/>): how to probe its target.</summary>
public interface IProbe
{
    /// <summary>The spec type this probe runs.</summary>
    Type SpecType { get; }

    /// <summary>
    /// Probes once, without retrying, recording what it sees on <paramref name="run"/> as it goes. Returns null
    /// when the probe's own rule says up, otherwise why not. Network failures may throw; the caller turns them
    /// into a down result, and still reads what the run recorded before the failure.
    /// </summary>
    Task<string?> ProbeAsync(ProbeRun run, CancellationToken cancellationToken);
}

/// <summary>A probe for the kind whose spec is <typeparamref name="TSpec"/>.</summary>
public abstract class Probe<TSpec> : IProbe where TSpec : ProbeCheck
{
    public Type SpecType => typeof(TSpec);

    public Task<string?> ProbeAsync(ProbeRun run, CancellationToken cancellationToken) =>
        ProbeAsync((TSpec)run.Spec, run, cancellationToken);

    /// <inheritdoc cref="IProbe.ProbeAsync"/>
    protected abstract Task<string?> ProbeAsync(TSpec spec, ProbeRun run, CancellationToken cancellationToken);
}
