using System.Globalization;
using System.Text;

namespace Sentinel.Conditions;

/// <summary>Durations as written in conditions: one or more number-and-unit pairs, <c>72h</c>, <c>1h30m</c>, <c>7d</c>.</summary>
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

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i - start > 9)
            {
                return false;
            }

            var amount = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            var unit = Array.Find(Units, u => text.AsSpan(i).StartsWith(u.Unit, StringComparison.Ordinal));
            if (unit.Unit is null)
            {
                return false;
            }

            duration += unit.Length * amount;
            i += unit.Unit.Length;
        }

        return text.Length > 0;
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
