using System.ComponentModel.DataAnnotations;

namespace Sentinel.Checks.Kinds;

/// <summary>
/// A job that reports in: pinged at its monitor's ping URL at least once a period (the monitor's interval), and down
/// when a ping is <see cref="GraceSeconds"/> late. Nothing is probed.
/// </summary>
public sealed record HeartbeatCheck : CheckSpec
{
    public const int DefaultGraceSeconds = 60;
    public const int MaxGraceSeconds = 86_400;

    /// <summary>How late a ping may be past its period before it counts as missed, in seconds.</summary>
    [Range(0, MaxGraceSeconds)]
    public int GraceSeconds { get; init; } = DefaultGraceSeconds;

    protected override CheckSpec ResolveOwn(CheckContext context, CheckSpec? stored, CheckErrors errors)
    {
        if (GraceSeconds is < 0 or > MaxGraceSeconds)
        {
            errors.Add("graceSeconds", $"Must be between 0 and {MaxGraceSeconds} seconds (a day).");
        }

        return this;
    }
}
