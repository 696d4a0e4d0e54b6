using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Recorder.Tests;

public sealed class CheckCompletedConsumerTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    private readonly DateTime _t0 = DateTime.UtcNow.AddMinutes(-10);
    private int _tick;

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private CheckCompleted Result(Guid monitorId, CheckStatus status, int failureThreshold = 1) => new()
    {
        CheckId = Guid.NewGuid(),
        MonitorId = monitorId,
        ScheduledAt = _t0.AddSeconds(++_tick),
        CheckedAt = _t0.AddSeconds(_tick),
        Status = status,
        LatencyMs = 12.5,
        StatusCode = status == CheckStatus.Up ? 200 : 503,
        Error = status == CheckStatus.Up ? null : "unexpected status code 503",
        FailureThreshold = failureThreshold,
    };

    [Fact]
    public async Task Each_transition_publishes_one_status_change_and_steady_results_publish_none()
    {
        var monitor = await _recorder.AddMonitorAsync();

        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up), Result(monitor, CheckStatus.Up));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, failureThreshold: 2));
        var down = Result(monitor, CheckStatus.Down, failureThreshold: 2);
        await _recorder.RecordAsync(down);
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up));

        var changes = _recorder.Published(monitor);
        Assert.Equal(
            [(MonitorState.Pending, MonitorState.Up), (MonitorState.Up, MonitorState.Down), (MonitorState.Down, MonitorState.Up)],
            changes.Select(c => (c.PreviousState, c.State)).ToArray());
        var wentDown = changes[1];
        Assert.Equal(down.CheckId, wentDown.CheckId);
        Assert.Equal("unexpected status code 503", wentDown.Error);
        Assert.Equal(503, wentDown.StatusCode);

        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(5, await db.CheckResults.CountAsync(r => r.MonitorId == monitor));
        Assert.Equal(MonitorState.Up, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).State);
    }

    [Fact]
    public async Task A_result_keeps_when_it_was_dispatched_and_when_it_was_recorded()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var before = DateTime.UtcNow;
        var result = Result(monitor, CheckStatus.Up);
        result = result with { DispatchedAt = result.ScheduledAt.AddMilliseconds(40) };

        await _recorder.RecordAsync(result);

        await using var db = _recorder.Database.CreateDbContext();
        var stored = await db.CheckResults.SingleAsync(r => r.CheckId == result.CheckId);
        // PostgreSQL keeps microseconds.
        Assert.Equal(result.DispatchedAt!.Value, stored.DispatchedAt!.Value, TimeSpan.FromMicroseconds(1));
        Assert.InRange(stored.RecordedAt!.Value, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_single_result_from_an_older_checker_is_still_recorded()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var result = Result(monitor, CheckStatus.Up);

        await _recorder.Harness.Bus.Publish(result);

        await using var db = _recorder.Database.CreateDbContext();
        await Eventually.Until(
            () => db.CheckResults.CountAsync(r => r.CheckId == result.CheckId),
            count => count == 1,
            "the single result to be recorded");
        Assert.Single(_recorder.Published(monitor));
    }

    [Fact]
    public async Task A_redelivered_result_is_stored_once_and_publishes_nothing_new()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up));
        var steady = Result(monitor, CheckStatus.Up);

        await _recorder.RecordAsync(steady);
        await _recorder.RecordAsync(steady with { });

        Assert.Single(_recorder.Published(monitor));
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(1, await db.CheckResults.CountAsync(r => r.CheckId == steady.CheckId));
        Assert.Equal(2, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).ConsecutiveSuccesses);
    }

    [Fact]
    public async Task A_redelivered_transition_is_published_again_with_the_same_transition_id()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up));
        var down = Result(monitor, CheckStatus.Down);
        await _recorder.RecordAsync(down);

        // As if the recorder had crashed after committing and before publishing: the broker delivers it again.
        await _recorder.RecordAsync(down with { });

        var wentDown = _recorder.Published(monitor).Where(c => c.State == MonitorState.Down).ToList();
        Assert.Equal(2, wentDown.Count);
        Assert.Equal(wentDown[0].TransitionId, wentDown[1].TransitionId);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(1, await db.StatusTransitions.CountAsync(t => t.MonitorId == monitor && t.State == MonitorState.Down));
    }

    [Fact]
    public async Task A_result_arriving_after_a_newer_one_goes_to_history_without_moving_the_status()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var late = Result(monitor, CheckStatus.Down);
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up));

        await _recorder.RecordAsync(late);

        Assert.Equal([MonitorState.Up], _recorder.Published(monitor).Select(c => c.State));
        await using var db = _recorder.Database.CreateDbContext();
        Assert.True(await db.CheckResults.AnyAsync(r => r.CheckId == late.CheckId));
        Assert.Equal(MonitorState.Up, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).State);
    }

    [Fact]
    public async Task A_result_for_a_deleted_monitor_is_dropped()
    {
        var kept = await _recorder.AddMonitorAsync();
        var gone = Guid.NewGuid();

        await _recorder.RecordAsync(Result(gone, CheckStatus.Down), Result(kept, CheckStatus.Up));

        Assert.Empty(_recorder.Published(gone));
        Assert.Single(_recorder.Published(kept));
        await using var db = _recorder.Database.CreateDbContext();
        Assert.False(await db.CheckResults.AnyAsync(r => r.MonitorId == gone));
    }

    [Fact]
    public async Task Each_results_failed_conditions_are_stored_in_its_history_row_whatever_their_number()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var twoFailed = Result(monitor, CheckStatus.Down) with
        {
            Error = "[STATUS] (503) == 200; [BODY].status (DOWN) == UP",
            Errors = ["[STATUS] (503) == 200", "[BODY].status (DOWN) == UP"],
        };
        var oneFailed = Result(monitor, CheckStatus.Down) with { Errors = ["[BODY] (a, b; \u001f c) == pat(*ok*)"] };
        var up = Result(monitor, CheckStatus.Up);

        // One batch with ragged error lists: two, one and none.
        await _recorder.RecordAsync(twoFailed, oneFailed, up);

        await using var db = _recorder.Database.CreateDbContext();
        var stored = await db.CheckResults.Where(r => r.MonitorId == monitor).ToDictionaryAsync(r => r.CheckId, r => r.Errors);
        Assert.Equal(["[STATUS] (503) == 200", "[BODY].status (DOWN) == UP"], stored[twoFailed.CheckId]);
        Assert.Equal(["[BODY] (a, b;   c) == pat(*ok*)"], stored[oneFailed.CheckId]);
        Assert.Empty(stored[up.CheckId]);
    }
}
