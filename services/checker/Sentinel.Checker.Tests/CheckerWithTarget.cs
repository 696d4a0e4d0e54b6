using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

/// <summary>A checker on MassTransit's harness and a local HTTP target, fresh for each test.</summary>
public abstract class CheckerWithTarget : IAsyncLifetime
{
    protected CheckerHarness Checker { get; private set; } = null!;
    protected TestTarget Target { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Checker = await CheckerHarness.StartAsync();
        Target = await TestTarget.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Target.DisposeAsync();
        await Checker.DisposeAsync();
    }
}
