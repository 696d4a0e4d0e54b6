using System.Security.Cryptography;
using System.Text;
using Cronos;

namespace Sentinel.Data;

/// <summary>
/// When a <see cref="MaintenanceWindow"/> is on and what it covers: the one reading of a window that the api (what
/// monitors show), the recorder (which results are marked) and the alerter (start and end notices) share.
/// </summary>
public static class MaintenanceSchedule
{
    /// <summary>One occurrence of a window: on from <paramref name="Start"/> (inclusive) to <paramref name="End"/> (exclusive), UTC.</summary>
    public readonly record struct Occurrence(DateTime Start, DateTime End)
    {
        public bool Contains(DateTime utc) => Start <= utc && utc < End;
    }

    /// <summary>Parses a five-field cron expression (minute hour day-of-month month day-of-week); null with the reason when it does not parse.</summary>
    public static CronExpression? ParseCron(string cron, out string? error)
    {
        try
        {
            error = null;
            return CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            // Cronos calls the end of the text "character '\0'".
            error = e.Message.Replace("character '\0'", "end of the expression");
            return null;
        }
    }

    /// <summary>An IANA (or Windows) time zone by id; null when there is none by that name.</summary>
    public static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>Whether <paramref name="window"/> covers a monitor with this id and these tags, whenever it is on.</summary>
    public static bool Covers(MaintenanceWindow window, Guid monitorId, IEnumerable<string> tags) =>
        window.AllMonitors || window.MonitorIds.Contains(monitorId) || (window.Tags.Count > 0 && tags.Any(window.Tags.Contains));

    /// <summary>The occurrence of <paramref name="window"/> that is on at <paramref name="utc"/>, if any.</summary>
    public static Occurrence? OccurrenceAt(MaintenanceWindow window, DateTime utc)
    {
        foreach (var occurrence in Occurrences(window, utc, utc))
        {
            return occurrence;
        }

        return null;
    }

    /// <summary>The first occurrence of <paramref name="window"/> that starts after <paramref name="utc"/>, if any.</summary>
    public static Occurrence? NextOccurrence(MaintenanceWindow window, DateTime utc)
    {
        utc = AsUtc(utc);
        if (window is { StartsAt: { } start, EndsAt: { } end })
        {
            return AsUtc(start) > utc ? new Occurrence(AsUtc(start), AsUtc(end)) : null;
        }

        return window is { Cron: { } cron, TimeZone: { } zoneId, DurationMinutes: > 0 and var minutes }
            && ParseCron(cron, out _) is { } expression && FindTimeZone(zoneId) is { } zone
            && expression.GetNextOccurrence(utc, zone) is { } next
                ? new Occurrence(next, next + TimeSpan.FromMinutes(minutes))
                : null;
    }

    /// <summary>
    /// The occurrences of <paramref name="window"/> that are on at some time in [<paramref name="fromUtc"/>,
    /// <paramref name="toUtc"/>], oldest first; overlapping occurrences of a recurring window are merged into one.
    /// A window whose cron or time zone no longer reads (edited by hand in the database) has none.
    /// </summary>
    public static IEnumerable<Occurrence> Occurrences(MaintenanceWindow window, DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = AsUtc(fromUtc);
        toUtc = AsUtc(toUtc);
        if (window is { StartsAt: { } start, EndsAt: { } end })
        {
            var once = new Occurrence(AsUtc(start), AsUtc(end));
            if (once.Start <= toUtc && fromUtc < once.End)
            {
                yield return once;
            }

            yield break;
        }

        if (window is not { Cron: { } cron, TimeZone: { } zoneId, DurationMinutes: > 0 and var minutes }
            || ParseCron(cron, out _) is not { } expression || FindTimeZone(zoneId) is not { } zone)
        {
            yield break;
        }

        var duration = TimeSpan.FromMinutes(minutes);
        // An occurrence is on at some time in the range if it starts in (from - duration, to].
        Occurrence? pending = null;
        foreach (var startUtc in expression.GetOccurrences(fromUtc - duration, toUtc, zone, fromInclusive: false, toInclusive: true))
        {
            var next = new Occurrence(startUtc, startUtc + duration);
            if (pending is { } open && next.Start <= open.End)
            {
                pending = open with { End = next.End > open.End ? next.End : open.End };
                continue;
            }

            if (pending is { } done)
            {
                yield return done;
            }

            pending = next;
        }

        if (pending is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// The first two consecutive starts of a recurring schedule from <paramref name="fromUtc"/> on that are no more than
    /// <paramref name="duration"/> apart (so its occurrences would meet or overlap), looking a little over a year
    /// ahead (every daylight-saving change) or 20,000 starts, whichever comes first; null when there are none.
    /// </summary>
    public static (DateTime First, DateTime Second)? FirstOverlap(CronExpression cron, TimeZoneInfo zone, TimeSpan duration, DateTime fromUtc)
    {
        fromUtc = AsUtc(fromUtc);
        DateTime? previous = null;
        var seen = 0;
        foreach (var start in cron.GetOccurrences(fromUtc, fromUtc.AddDays(400), zone))
        {
            if (previous is { } before && start - before <= duration)
            {
                return (before, start);
            }

            previous = start;
            if (++seen == 20_000)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// A stable id for one occurrence of a window (a name-based UUID of the window and its start): what its start
    /// and end notices are keyed by, so several alerters, or one restarted, tell it once.
    /// </summary>
    public static Guid OccurrenceId(Guid windowId, DateTime startUtc)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{windowId:N}/{AsUtc(startUtc).Ticks}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
