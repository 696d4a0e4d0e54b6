using Sentinel.Data;

namespace Sentinel.Recorder.Tests;

/// <summary>When a window is on: the reading the recorder marks results by (and the api and alerter share).</summary>
public sealed class MaintenanceScheduleTests
{
    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static MaintenanceWindow Recurring(string cron, string zone, int minutes) =>
        new() { Name = "w", Cron = cron, TimeZone = zone, DurationMinutes = minutes, AllMonitors = true };

    [Fact]
    public void A_one_off_window_is_on_from_its_start_up_to_but_not_at_its_end()
    {
        var window = new MaintenanceWindow { Name = "upgrade", StartsAt = Utc(11, 30, 22), EndsAt = Utc(11, 30, 23), AllMonitors = true };

        Assert.Null(MaintenanceSchedule.OccurrenceAt(window, Utc(11, 30, 21, 59)));
        Assert.Equal(new MaintenanceSchedule.Occurrence(Utc(11, 30, 22), Utc(11, 30, 23)), MaintenanceSchedule.OccurrenceAt(window, Utc(11, 30, 22)));
        Assert.NotNull(MaintenanceSchedule.OccurrenceAt(window, Utc(11, 30, 22, 59)));
        Assert.Null(MaintenanceSchedule.OccurrenceAt(window, Utc(11, 30, 23)));
        Assert.Empty(MaintenanceSchedule.Occurrences(window, Utc(12, 1, 0), Utc(12, 2, 0)));
    }

    [Fact]
    public void A_daily_window_in_berlin_keeps_its_local_hour_across_the_change_to_summer_time()
    {
        // Clocks in Berlin go from 02:00 CET to 03:00 CEST on 29 March 2026: 01:00 local is 00:00 UTC before, 23:00 UTC after.
        var window = Recurring("0 1 * * *", "Europe/Berlin", 60);

        var starts = MaintenanceSchedule.Occurrences(window, Utc(3, 27, 0), Utc(3, 31, 0)).Select(o => o.Start).ToArray();

        Assert.Equal([Utc(3, 27, 0), Utc(3, 28, 0), Utc(3, 29, 0), Utc(3, 29, 23), Utc(3, 30, 23)], starts);
        Assert.NotNull(MaintenanceSchedule.OccurrenceAt(window, Utc(3, 29, 23, 30)));
        Assert.Null(MaintenanceSchedule.OccurrenceAt(window, Utc(3, 30, 0, 30)));
    }

    [Fact]
    public void A_start_skipped_by_the_spring_forward_happens_when_the_clock_resumes()
    {
        // 02:30 does not exist in Berlin on 29 March 2026: the clock jumps from 02:00 CET to 03:00 CEST (01:00 UTC).
        var window = Recurring("30 2 * * *", "Europe/Berlin", 30);

        Assert.Equal(Utc(3, 29, 1), MaintenanceSchedule.Occurrences(window, Utc(3, 29, 0), Utc(3, 29, 12)).Single().Start);
    }

    [Fact]
    public void Overlapping_occurrences_of_a_recurring_window_are_merged_into_one()
    {
        // Every hour for 90 minutes: each occurrence starts before the last has ended.
        var window = Recurring("0 * * * *", "UTC", 90);

        var occurrences = MaintenanceSchedule.Occurrences(window, Utc(6, 1, 10), Utc(6, 1, 12)).ToArray();

        Assert.Equal([new MaintenanceSchedule.Occurrence(Utc(6, 1, 9), Utc(6, 1, 13, 30))], occurrences);
    }

    [Fact]
    public void An_occurrence_spanning_midnight_is_on_after_midnight_until_it_ends()
    {
        var window = Recurring("0 23 * * *", "UTC", 120);

        Assert.Equal(new MaintenanceSchedule.Occurrence(Utc(6, 1, 23), Utc(6, 2, 1)), MaintenanceSchedule.OccurrenceAt(window, Utc(6, 2, 0, 30)));
        Assert.Null(MaintenanceSchedule.OccurrenceAt(window, Utc(6, 2, 1)));
    }

    [Fact]
    public void A_window_covers_monitors_by_id_by_tag_or_all()
    {
        var monitor = Guid.NewGuid();

        Assert.True(MaintenanceSchedule.Covers(new MaintenanceWindow { Name = "w", MonitorIds = [monitor] }, monitor, []));
        Assert.True(MaintenanceSchedule.Covers(new MaintenanceWindow { Name = "w", Tags = ["db"] }, monitor, ["web", "db"]));
        Assert.True(MaintenanceSchedule.Covers(new MaintenanceWindow { Name = "w", AllMonitors = true }, monitor, []));
        Assert.False(MaintenanceSchedule.Covers(new MaintenanceWindow { Name = "w", Tags = ["db"], MonitorIds = [Guid.NewGuid()] }, monitor, ["web"]));
    }

    [Fact]
    public void An_occurrence_id_is_the_same_for_the_same_window_and_start_and_differs_otherwise()
    {
        var window = Guid.NewGuid();

        Assert.Equal(MaintenanceSchedule.OccurrenceId(window, Utc(6, 1, 23)), MaintenanceSchedule.OccurrenceId(window, Utc(6, 1, 23)));
        Assert.NotEqual(MaintenanceSchedule.OccurrenceId(window, Utc(6, 1, 23)), MaintenanceSchedule.OccurrenceId(window, Utc(6, 2, 23)));
        Assert.NotEqual(MaintenanceSchedule.OccurrenceId(window, Utc(6, 1, 23)), MaintenanceSchedule.OccurrenceId(Guid.NewGuid(), Utc(6, 1, 23)));
    }

    [Fact]
    public void A_cron_expression_cut_short_is_refused_with_a_readable_reason()
    {
        Assert.Null(MaintenanceSchedule.ParseCron("0 3 * *", out var why));

        Assert.Contains("Unexpected end of the expression", why);
        Assert.DoesNotContain('\0', why!);
    }

    [Fact]
    public void Occurrences_that_would_meet_are_found_and_a_gap_of_a_minute_is_not_an_overlap()
    {
        var daily = MaintenanceSchedule.ParseCron("0 0 * * *", out _)!;

        Assert.Equal((Utc(6, 2, 0), Utc(6, 3, 0)), MaintenanceSchedule.FirstOverlap(daily, TimeZoneInfo.Utc, TimeSpan.FromDays(1), Utc(6, 1, 12)));
        Assert.Null(MaintenanceSchedule.FirstOverlap(daily, TimeZoneInfo.Utc, TimeSpan.FromMinutes(1439), Utc(6, 1, 12)));
    }
}
