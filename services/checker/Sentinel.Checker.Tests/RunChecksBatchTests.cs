using MassTransit.Testing;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

/// <summary>Several checks in one message: run at once, each result published when known, each exactly once.</summary>
public sealed class RunChecksBatchTests : CheckerWithTarget
{
    [Fact]
    public async Task A_slow_check_does_not_hold_back_the_results_of_the_others_in_its_message()
    {
        await using var slow = await TestTarget.StartAsync();
        var slowAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.AnswerAfter = slowAnswers.Task;
        var fast = Enumerable.Range(0, 5).Select(_ => CheckerHarness.NewCheck(Target.Url)).ToList();
        // Its timeout is longer than the harness waits for anything: it ends when its target answers, not on a clock.
        var late = CheckerHarness.NewCheck(slow.Url, timeoutSeconds: 120);
        FilterDelegate<IPublishedMessage<ChecksCompleted>> ResultOf(RunCheck check) => m => m.Context.Message.Results.Any(r => r.CheckId == check.CheckId);

        await Checker.SendAsync(new RunChecks { Checks = [fast[0], fast[1], late, fast[2], fast[3], fast[4]] });

        // Any<T> returns as soon as a match is published (Select<T> would wait for the harness to go quiet).
        foreach (var check in fast)
        {
            Assert.True(await Checker.Harness.Published.Any(ResultOf(check)));
        }

        // Asked without waiting: the slow target has not answered yet, so none of the results above waited for it.
        Assert.False(await Checker.Harness.Published.Any(ResultOf(late), new CancellationToken(canceled: true)));
        slowAnswers.SetResult();
        Assert.True(await Checker.Harness.Published.Any(ResultOf(late)));
        var all = Checker.Results();
        Assert.All(all, r => Assert.Equal(CheckStatus.Up, r.Status));
        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(r => r.CheckId).Distinct().Count());
    }
}
