using System.Globalization;
using System.Text;

namespace Sentinel.Conditions;

/// <summary>Durations as written in conditions: one or more number-and-unit pairs, <c>72h</c>, <c>1h30m</c>, <c>7d</c>, <c>1.5s</c>.</summary>
internal static class Duration
{
    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
    ];

    /// <summary>Longest duration accepted: longer ones do not fit a <see cref="TimeSpan"/>, and nothing lasts that long.</summary>
    private static readonly double MaxMilliseconds = TimeSpan.FromDays(100 * 365).TotalMilliseconds;

    /// <summary>Each amount may have decimals, as in Go's durations: <c>1.5s</c>.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var milliseconds = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = Array.Find(Units, u => text.AsSpan(i).StartsWith(u.Unit, StringComparison.Ordinal));
            if (unit.Unit is null)
            {
                return false;
            }

            milliseconds += unit.Length.TotalMilliseconds * amount;
            i += unit.Unit.Length;
        }

        if (text.Length == 0 || milliseconds > MaxMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Hours, minutes and seconds, as Go prints durations: <c>71h59m58s</c>, <c>-2h0m0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Negate();
        }

        return text.Append(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}h{duration.Minutes}m{duration.Seconds}s").ToString();
    }
}
