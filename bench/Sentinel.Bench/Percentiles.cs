namespace Sentinel.Bench;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="q"/> (0 to 1) of ascending values; 0 when there are none.</summary>
    public static double Of(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
