using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;
using Sentinel.Testing;

namespace Sentinel.Recorder.Tests;

public sealed class CheckCompletedConsumerTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    private readonly DateTime _t0 = RecorderHarness.WholeMilliseconds(DateTime.UtcNow.AddMinutes(-10));
    private int _tick;

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private CheckCompleted Result(Guid monitorId, CheckStatus status, int failureThreshold = 1) => new()
    {
        CheckId = SlotCheckId.For(monitorId, _t0.AddSeconds(++_tick)),
        MonitorId = monitorId,
        ScheduledAt = _t0.AddSeconds(_tick),
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
        Assert.Equal(5, await db.RecordedChecks.CountAsync(r => r.MonitorId == monitor));
        Assert.Equal(MonitorState.Up, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).State);
    }

    [Fact]
    public async Task A_stored_result_reads_back_as_it_was_sent_with_its_probe_start_to_the_millisecond()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var result = Result(monitor, CheckStatus.Down) with { LatencyMs = 1234.5 };
        result = result with { CheckedAt = result.ScheduledAt.AddMilliseconds(40.4) };

        await _recorder.RecordAsync(result);

        var stored = Assert.Single(await _recorder.StoredAsync(monitor));
        Assert.Equal(result.CheckId, stored.CheckId);
        Assert.Equal((result.ScheduledAt, result.ScheduledAt.AddMilliseconds(40), "default"), (stored.ScheduledAt, stored.CheckedAt, stored.Region));
        Assert.Equal((CheckStatus.Down, false, 503, 1234.5), (stored.Status, stored.Maintenance, stored.StatusCode, stored.LatencyMs));
        // Only a one-line error was sent: it is the result's one error.
        Assert.Equal(["unexpected status code 503"], stored.Errors);
        Assert.Equal("unexpected status code 503", stored.Error);
    }

    [Fact]
    public async Task A_single_result_from_an_older_checker_is_still_recorded()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var result = Result(monitor, CheckStatus.Up);

        await _recorder.Harness.Bus.Publish(result);

        await using var db = _recorder.Database.CreateDbContext();
        await Eventually.Until(
            () => db.RecordedChecks.CountAsync(r => r.MonitorId == monitor && r.ScheduledAt == result.ScheduledAt),
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
        Assert.Equal(1, (await _recorder.StoredAsync(monitor)).Count(r => r.CheckId == steady.CheckId));
        Assert.Equal(2, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).ConsecutiveSuccesses);
    }

    [Fact]
    public async Task A_result_for_a_due_time_already_stored_is_stored_once_whatever_its_check_id()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var first = Result(monitor, CheckStatus.Up);

        // The same monitor, region and due time under another id: the due slot, not the id, is the key.
        await _recorder.RecordAsync(first);
        await _recorder.RecordAsync(first with { CheckId = Guid.NewGuid(), Status = CheckStatus.Down, Error = "connection refused" });

        var stored = Assert.Single(await _recorder.StoredAsync(monitor));
        Assert.Equal((first.CheckId, CheckStatus.Up), (stored.CheckId, stored.Status));
        Assert.Equal([MonitorState.Up], _recorder.Published(monitor).Select(c => c.State));
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
        Assert.Contains(late.CheckId, (await _recorder.StoredAsync(monitor)).Select(r => r.CheckId));
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
        Assert.False(await db.RecordedChecks.AnyAsync(r => r.MonitorId == gone));
    }

    [Fact]
    public async Task Results_of_a_deleted_monitor_or_an_undeclared_region_are_dropped_and_the_rest_of_their_batch_stored()
    {
        var kept = await _recorder.AddMonitorAsync();
        var deleted = await _recorder.AddMonitorAsync();
        await using (var db = _recorder.Database.CreateDbContext())
        {
            await db.Monitors.Where(m => m.Id == deleted).ExecuteDeleteAsync();
        }

        var writer = new ResultBatchWriter(_recorder.Database.DataSource, Options.Create(new RecorderOptions()), NullLogger<ResultBatchWriter>.Instance);
        var fromNowhere = Result(kept, CheckStatus.Down) with { Region = "nowhere" };
        var up = Result(kept, CheckStatus.Up);

        // One batch, one transaction: the dropped results must not fail it.
        var changes = await writer.WriteAsync([Result(deleted, CheckStatus.Down), fromNowhere, up], CancellationToken.None);

        Assert.Equal([(kept, MonitorState.Up)], changes.Select(c => (c.MonitorId, c.State)));
        Assert.Equal([up.CheckId], (await _recorder.StoredAsync(kept)).Select(r => r.CheckId));
        Assert.Empty(await _recorder.StoredAsync(deleted));
    }

    [Fact]
    public async Task A_monitor_deleted_while_a_batch_of_its_results_is_written_is_deleted_and_the_batch_stores_nothing_of_it()
    {
        var monitor = await _recorder.AddMonitorAsync();
        // A status row, which the next batch updates and the delete removes.
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up));
        var writer = new ResultBatchWriter(_recorder.Database.DataSource, Options.Create(new RecorderOptions()), NullLogger<ResultBatchWriter>.Instance);

        await using var deleting = await _recorder.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await deleting.BeginTransactionAsync();
        // What a delete of the monitor takes first: its row.
        await ExecuteAsync(deleting, "SELECT 1 FROM monitors WHERE id = $1 FOR UPDATE", monitor);
        var batch = writer.WriteAsync([Result(monitor, CheckStatus.Down)], CancellationToken.None);
        await WaitUntilBlockedByAsync(deleting.ProcessID);

        // The cascade to the status row: had the batch updated it before waiting for the monitor's row, each would
        // now wait for the other, and PostgreSQL would kill one (40P01).
        await ExecuteAsync(deleting, "DELETE FROM monitors WHERE id = $1", monitor);
        await transaction.CommitAsync();

        Assert.Empty(await batch);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.False(await db.MonitorStatuses.AnyAsync(s => s.MonitorId == monitor));
        // Only the result stored before the delete, which leaves with its partition.
        Assert.Equal(1, await db.CheckResults.CountAsync());
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, string sql, Guid monitor)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = monitor });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Until some session waits for a lock the backend <paramref name="pid"/> holds.</summary>
    private async Task WaitUntilBlockedByAsync(int pid)
    {
        await using var command = _recorder.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pid });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((long)(await command.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
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
        var stored = (await _recorder.StoredAsync(monitor)).ToDictionary(r => r.CheckId, r => r.Errors);
        Assert.Equal(["[STATUS] (503) == 200", "[BODY].status (DOWN) == UP"], stored[twoFailed.CheckId]);
        Assert.Equal(["[BODY] (a, b;   c) == pat(*ok*)"], stored[oneFailed.CheckId]);
        Assert.Empty(stored[up.CheckId]);
    }
}
