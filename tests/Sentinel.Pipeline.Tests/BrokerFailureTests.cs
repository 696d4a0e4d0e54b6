using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Data;
using Sentinel.Testing;
using Xunit.Abstractions;

namespace Sentinel.Pipeline.Tests;

/// <summary>The system (no alerter) on a broker of its own, which these tests kill.</summary>
public sealed class OwnBrokerSystem : IAsyncLifetime
{
    public PrivateInfrastructure Infrastructure { get; private set; } = null!;
    public RunningSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Infrastructure = await PrivateInfrastructure.StartAsync();
        // A send timeout well under the broker's restart (about 6 s at best), so every outage goes through it.
        System = new RunningSystem(
            Infrastructure, RunningSystem.AllServices.Where(s => s.Service != "Alerter").ToList(),
            new Dictionary<string, string> { ["Scheduler__SendTimeoutSeconds"] = "2" });
        await System.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        if (Infrastructure is not null)
        {
            await Infrastructure.DisposeAsync();
        }
    }
}

/// <summary>
/// A crash of the broker, or of one service, under load: a few dozen monitors checked every two seconds. What must
/// hold is that checking resumes, that no due time is recorded twice, and that every due time without a result is
/// one a scheduler skipped (and counted) because nothing could be dispatched while it was due, never a check lost.
/// </summary>
public sealed class BrokerFailureTests(OwnBrokerSystem own, ITestOutputHelper output) : IClassFixture<OwnBrokerSystem>
{
    private const int Monitors = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly RunningSystem _system = own.System;

    [Fact]
    public async Task After_the_broker_is_killed_and_restarted_checking_resumes_with_no_check_lost_or_doubled()
    {
        await using var target = await TestTarget.StartAsync();
        var monitors = await CreateMonitorsAsync(target, Monitors, Interval, "steady");
        try
        {
            await ResultsAsync(monitors, (_, results) => results.Count >= 2, "two results of every monitor");
            var skippedBefore = await SkippedAsync();

            var killedAt = DateTime.UtcNow;
            own.Infrastructure.KillBroker();
            // Due the moment they are created, while the broker is away, and not again for a minute: their one due
            // time is still within its interval when the broker returns, so it must be run then.
            var dueDuringOutage = await CreateMonitorsAsync(target, 5, TimeSpan.FromMinutes(1), "due during the outage");
            monitors.AddRange(dueDuringOutage);
            var readyAt = await own.Infrastructure.RestartBrokerAsync();

            var results = await ResultsAsync(
                monitors,
                (monitor, results) => monitor.Interval == Interval ? results.Count(r => r.CheckedAt > readyAt) >= 2 : results.Count == 1,
                "every monitor checked again after the broker is back",
                skippedBefore);

            foreach (var monitor in dueDuringOutage)
            {
                Assert.Equal(monitor.CreatedAt, Assert.Single(results[monitor.Id]).ScheduledAt);
            }

            // When a result was recorded is not stored: when its check ran after the broker was back is the nearest stored time.
            var ranAgain = results.Values.Select(r => r.Where(x => x.CheckedAt > readyAt).Min(x => x.CheckedAt)).ToList();
            output.WriteLine(
                $"Broker down {(readyAt - killedAt).TotalSeconds:0.0} s (kill -9 to its first accepted connection). From ready to the first check run " +
                $"again (and recorded since): {(ranAgain.Min() - readyAt).TotalSeconds:0.00} s; to every monitor's: {(ranAgain.Max() - readyAt).TotalSeconds:0.00} s. " +
                $"Due times skipped: {await SkippedAsync() - skippedBefore} of {Monitors} monitors at {Interval.TotalSeconds:0} s.");
            // An outage is logged when it begins and when it ends, not on every attempt in between (a scheduler tries every
            // few hundred milliseconds: dozens of attempts in the outage). A broker still starting may drop a connection it
            // just accepted, which is an outage of its own: so each scheduler logs as many ends as beginnings, a few at most.
            var logged = await Eventually.Until(
                () => Task.FromResult(new OutageLogs(_system.Schedulers.Select(scheduler =>
                {
                    var log = File.ReadAllText(scheduler.LogPath);
                    return new OutageLog(scheduler.Name, Occurrences(log, "Dispatching due checks failed;"), Occurrences(log, "Dispatching due checks works again"));
                }).ToList())),
                outages => outages.Each.All(o => o.Began == o.Ended && o.Began <= 3),
                "each scheduler's outages logged once when each began and once when it ended");
            Assert.Contains(logged.Each, o => o.Began >= 1);
        }
        finally
        {
            await DeleteAsync(monitors);
        }
    }

    [Theory]
    [InlineData("recorder")]
    [InlineData("checker-1")]
    public async Task A_service_killed_under_load_and_restarted_loses_no_result_and_doubles_none(string service)
    {
        await using var target = await TestTarget.StartAsync();
        var monitors = await CreateMonitorsAsync(target, Monitors, Interval, service);
        try
        {
            await ResultsAsync(monitors, (_, results) => results.Count >= 2, "two results of every monitor");
            var skippedBefore = await SkippedAsync();

            await _system.RestartAsync(service);
            var restartedAt = DateTime.UtcNow;

            await ResultsAsync(monitors, (_, results) => results.Count(r => r.CheckedAt > restartedAt) >= 2, $"every monitor checked after the {service} restarted", skippedBefore);
            await using var db = _system.Database.CreateDbContext();
            var ids = monitors.Select(m => m.Id).ToList();
            // Every due time dispatched so far (the scheduler has moved each next check past it) has its result.
            var dispatchedBefore = await db.MonitorSchedules.Where(s => ids.Contains(s.MonitorId)).ToDictionaryAsync(s => s.MonitorId, s => s.NextCheckAt);
            await ResultsAsync(
                monitors,
                (monitor, results) => results.Max(r => r.ScheduledAt) + monitor.Interval >= dispatchedBefore[monitor.Id],
                "a result for every due time dispatched",
                skippedBefore);
        }
        finally
        {
            await DeleteAsync(monitors);
        }
    }

    private sealed record Monitor(Guid Id, string Name, TimeSpan Interval, DateTime CreatedAt);

    private sealed record Gap(DateTime After, DateTime Before)
    {
        public override string ToString() => $"{After:HH:mm:ss.fff}..{Before:HH:mm:ss.fff}";
    }

    private async Task<List<Monitor>> CreateMonitorsAsync(TestTarget target, int count, TimeSpan interval, string name)
    {
        var created = new List<Monitor>();
        for (var i = 0; i < count; i++)
        {
            var response = await _system.Api.PostAsJsonAsync(
                "/api/v1/monitors", new { name = $"{name} {i}", url = target.Url, intervalSeconds = (int)interval.TotalSeconds, timeoutSeconds = 1 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id"));
            created.Add(new Monitor(id, $"{name} {i}", interval, default));
        }

        // A monitor's first due time is its creation, and each later one an interval on.
        await using var db = _system.Database.CreateDbContext();
        var ids = created.Select(m => m.Id).ToList();
        var createdAt = await db.Monitors.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.CreatedAt);
        return created.Select(m => m with { CreatedAt = createdAt[m.Id] }).ToList();
    }

    /// <summary>What the monitors' results show, and what they do not show yet.</summary>
    private sealed record Observed(Dictionary<Guid, List<RecordedCheck>> Results, string Unmet)
    {
        public override string ToString() => Unmet;
    }

    /// <summary>
    /// Waits until every monitor's results satisfy <paramref name="done"/> and, when <paramref name="skippedBefore"/>
    /// (the schedulers' skipped count before the failure) is given, until no more due times lack a result than the
    /// schedulers have skipped since: a missing result is a skipped due time, never a check lost. Then checks that no
    /// due time is recorded twice.
    /// </summary>
    private async Task<Dictionary<Guid, List<RecordedCheck>>> ResultsAsync(
        IReadOnlyList<Monitor> monitors, Func<Monitor, List<RecordedCheck>, bool> done, string what, double? skippedBefore = null)
    {
        await using var db = _system.Database.CreateDbContext();
        var ids = monitors.Select(m => m.Id).ToList();
        var observed = await Eventually.Until(
            async () =>
            {
                var results = (await db.RecordedChecks.AsNoTracking().Where(r => ids.Contains(r.MonitorId)).ToListAsync())
                    .GroupBy(r => r.MonitorId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ScheduledAt).ToList());
                var unmet = monitors.Where(m => !results.TryGetValue(m.Id, out var mine) || !done(m, mine))
                    .Select(m => $"{m.Name} ({results.GetValueOrDefault(m.Id)?.Count ?? 0} results)").ToList();
                if (skippedBefore is { } before)
                {
                    // The results first, then the count: a due time skipped in between makes this more lenient, never less.
                    var skipped = await SkippedAsync() - before;
                    var gaps = monitors.Where(m => results.ContainsKey(m.Id)).SelectMany(m => Gaps(m, results[m.Id]).Select(gap => (m, gap))).ToList();
                    var missing = gaps.Sum(g => Missing(g.m, g.gap));
                    if (missing > skipped)
                    {
                        unmet.Add($"{missing} due times without a result but {skipped} skipped: {string.Join(", ", gaps.Select(g => $"{g.m.Name} {g.gap}"))}");
                    }
                }

                return new Observed(results, string.Join("; ", unmet));
            },
            observed => observed.Unmet.Length == 0,
            $"{what}\n{_system.Logs()}");

        var doubled = observed.Results.Values.SelectMany(r => r).GroupBy(r => (r.MonitorId, r.ScheduledAt)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, $"due times recorded twice: {string.Join(", ", doubled)}");
        return observed.Results;
    }

    /// <summary>Due times with no result within <paramref name="gap"/>.</summary>
    private static int Missing(Monitor monitor, Gap gap) => (int)((gap.Before - gap.After) / monitor.Interval) - 1;

    /// <summary>Runs of due times with no result, between the two recorded around them; checks each is on the monitor's grid.</summary>
    private static List<Gap> Gaps(Monitor monitor, List<RecordedCheck> results)
    {
        Assert.All(results, r => Assert.True((r.ScheduledAt - monitor.CreatedAt).Ticks % monitor.Interval.Ticks == 0,
            $"monitor {monitor.Name} created at {monitor.CreatedAt:O} has a due time off its grid: {r.ScheduledAt:O}"));
        return results.Zip(results.Skip(1), (earlier, later) => new Gap(earlier.ScheduledAt, later.ScheduledAt))
            .Where(gap => gap.Before - gap.After > monitor.Interval)
            .ToList();
    }

    /// <summary>Due times the schedulers skipped so far (sentinel_checks_skipped_total), over every monitor.</summary>
    private async Task<double> SkippedAsync() =>
        (await Task.WhenAll(_system.Schedulers.Select(s => RunningSystem.ScrapeCounterAsync(s, "sentinel_checks_skipped_total")))).Sum();

    private async Task DeleteAsync(IEnumerable<Monitor> monitors)
    {
        foreach (var monitor in monitors)
        {
            await _system.Api.DeleteAsync($"/api/v1/monitors/{monitor.Id}");
        }
    }

    private static int Occurrences(string text, string phrase) => text.Split(phrase).Length - 1;

    private sealed record OutageLog(string Scheduler, int Began, int Ended)
    {
        public override string ToString() => $"{Scheduler} {Began} began {Ended} ended";
    }

    private sealed record OutageLogs(IReadOnlyList<OutageLog> Each)
    {
        public override string ToString() => string.Join(", ", Each);
    }
}
