namespace Sentinel.Testing;

/// <summary>Waits for a condition the system reaches asynchronously, failing with a message after a deadline.</summary>
public static class Eventually
{
    /// <summary>
    /// How long a test waits for the system to get somewhere. Generous, so that a machine busy with other builds
    /// and test runs is never mistaken for a broken system: a passing test never waits it out, only a failing one.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds, for at most <see cref="Patience"/>.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Patience.TotalSeconds:0} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(100);
        }
    }
}
