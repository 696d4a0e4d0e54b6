using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

/// <summary>Turns a request into a maintenance window, or into what is wrong with it, field by field.</summary>
public static class MaintenanceValidation
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCronLength = 100;
    public const int MaxTimeZoneLength = 64;

    /// <summary>A week: longer than that is not maintenance.</summary>
    public const int MaxDurationMinutes = 10_080;

    /// <summary>Most monitor ids, tags or notice channels one window names.</summary>
    public const int MaxItems = 1000;

    /// <summary>
    /// Validates <paramref name="request"/> onto <paramref name="window"/>: ids it names must be in
    /// <paramref name="knownMonitors"/> and <paramref name="knownChannels"/> (those of them that exist); a recurring
    /// window's occurrences from <paramref name="now"/> on must not meet. Writes the window only when all holds.
    /// </summary>
    public static Dictionary<string, string[]> Apply(
        MaintenanceWindowRequest request, MaintenanceWindow window, IReadOnlySet<Guid> knownMonitors, IReadOnlySet<Guid> knownChannels, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            Fail("name", $"A name of 1 to {MaxNameLength} characters is required.");
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            Fail("description", $"At most {MaxDescriptionLength} characters.");
        }

        var oneOff = request.StartsAt is not null || request.EndsAt is not null;
        var recurring = request.Cron is not null || request.TimeZone is not null || request.DurationMinutes is not null;
        const string Forms = "Give either startsAt and endsAt (a one-off window) or cron, timeZone and durationMinutes (a recurring one), not both.";
        if (oneOff == recurring)
        {
            Fail("cron", Forms);
        }
        else if (oneOff)
        {
            if (request.StartsAt is null)
            {
                Fail("startsAt", "A one-off window needs a start (ISO-8601, UTC).");
            }

            if (request.EndsAt is null)
            {
                Fail("endsAt", "A one-off window needs an end (ISO-8601, UTC).");
            }
            else if (request.StartsAt is { } start && request.EndsAt <= start)
            {
                Fail("endsAt", "Must be after startsAt.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Cron))
            {
                Fail("cron", "A recurring window needs a cron expression of five fields (minute hour day-of-month month day-of-week).");
            }
            else if (request.Cron.Length > MaxCronLength)
            {
                Fail("cron", $"At most {MaxCronLength} characters.");
            }
            else if (MaintenanceSchedule.ParseCron(request.Cron.Trim(), out var why) is null)
            {
                Fail("cron", $"Not a cron expression of five fields (minute hour day-of-month month day-of-week): {why}");
            }

            if (string.IsNullOrWhiteSpace(request.TimeZone))
            {
                Fail("timeZone", "A recurring window needs an IANA time zone, such as Europe/Berlin or UTC.");
            }
            else if (request.TimeZone.Length > MaxTimeZoneLength || MaintenanceSchedule.FindTimeZone(request.TimeZone.Trim()) is null)
            {
                Fail("timeZone", $"'{request.TimeZone}' is not a known IANA time zone, such as Europe/Berlin or UTC.");
            }

            if (request.DurationMinutes is not (>= 1 and <= MaxDurationMinutes))
            {
                Fail("durationMinutes", $"A recurring window needs a duration between 1 and {MaxDurationMinutes} minutes (a week).");
            }
            else if (MaintenanceSchedule.ParseCron(request.Cron?.Trim() ?? "", out _) is { } cron
                && MaintenanceSchedule.FindTimeZone(request.TimeZone?.Trim() ?? "") is { } zone
                && MaintenanceSchedule.FirstOverlap(cron, zone, TimeSpan.FromMinutes(request.DurationMinutes.Value), now) is { } overlap)
            {
                // Occurrences that meet or overlap make one endless window, with no start or end to tell anyone about.
                Fail("durationMinutes", $"Occurrences would overlap: one starts {overlap.First:yyyy-MM-dd HH:mm} UTC and the next "
                    + $"{overlap.Second:yyyy-MM-dd HH:mm} UTC, before {request.DurationMinutes} minutes have passed. Make it shorter, "
                    + "or use a one-off window (startsAt, endsAt) for one long stretch.");
            }
        }

        var monitorIds = request.MonitorIds ?? [];
        var tags = request.Tags ?? [];
        var channelIds = request.NotifyChannelIds ?? [];
        if (request.AllMonitors != true && monitorIds.Count == 0 && tags.Count == 0)
        {
            Fail("monitorIds", "A window covers something: set allMonitors, or give monitorIds or tags.");
        }

        CheckCount("monitorIds", monitorIds.Count);
        CheckCount("tags", tags.Count);
        CheckCount("notifyChannelIds", channelIds.Count);
        for (var i = 0; i < monitorIds.Count; i++)
        {
            if (!knownMonitors.Contains(monitorIds[i]))
            {
                Fail($"monitorIds[{i}]", $"No monitor has id {monitorIds[i]}.");
            }
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (!MonitorValidation.IsTag(tags[i]))
            {
                Fail($"tags[{i}]", $"'{tags[i]}' is not a tag: 1 to {MonitorValidation.MaxTagLength} characters of letters, digits and - _ . : /");
            }
        }

        for (var i = 0; i < channelIds.Count; i++)
        {
            if (!knownChannels.Contains(channelIds[i]))
            {
                Fail($"notifyChannelIds[{i}]", $"No alert channel has id {channelIds[i]}.");
            }
        }

        if (errors.Count == 0)
        {
            window.Name = name!;
            window.Description = description;
            window.StartsAt = oneOff ? AsUtc(request.StartsAt!.Value) : null;
            window.EndsAt = oneOff ? AsUtc(request.EndsAt!.Value) : null;
            window.Cron = recurring ? request.Cron!.Trim() : null;
            window.TimeZone = recurring ? request.TimeZone!.Trim() : null;
            window.DurationMinutes = recurring ? request.DurationMinutes : null;
            window.AllMonitors = request.AllMonitors ?? false;
            window.MonitorIds = monitorIds.Distinct().ToList();
            // Stored lower-case, as a monitor's tags are, so that a tag covers what it names whatever its case.
            window.Tags = tags.Select(t => t.ToLowerInvariant()).Distinct().Order().ToList();
            window.NotifyChannelIds = channelIds.Distinct().ToList();
        }

        return errors;

        // A time with an offset is converted; one without is taken as UTC, as the api's times are.
        static DateTime AsUtc(DateTime t) => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();

        void CheckCount(string field, int count)
        {
            if (count > MaxItems)
            {
                Fail(field, $"At most {MaxItems}.");
            }
        }
    }
}
