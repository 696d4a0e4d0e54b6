using MassTransit;
using Sentinel.Checks;
using Sentinel.Contracts;

namespace Sentinel.Checker.Tests;

public sealed class TestCheckConsumerTests : CheckerWithTarget
{
    private async Task<CheckCompleted> TestAsync(ProbeCheck spec)
    {
        var client = Checker.Harness.GetRequestClient<TestCheck>();
        var answer = await client.GetResponse<CheckCompleted>(new TestCheck { Check = CheckSpecJson.ToElement(spec) });
        return answer.Message;
    }

    [Fact]
    public async Task A_test_answers_the_checks_result_and_publishes_no_result_to_record()
    {
        var answer = await TestAsync(CheckerHarness.Spec(Target.Url));

        Assert.Equal(CheckStatus.Up, answer.Status);
        Assert.Equal(200, answer.StatusCode);
        Assert.Null(answer.Error);
        Assert.InRange(answer.LatencyMs, 0.001, 5000);
        Assert.Equal(1, Target.Requests);
        // Published results would be recorded as the history of a monitor; the answer comes after any publish would have.
        Assert.Empty(Checker.Results());
    }

    [Fact]
    public async Task A_failed_condition_is_answered_with_the_value_it_saw()
    {
        Target.StatusCode = 503;

        var answer = await TestAsync(CheckerHarness.Spec(Target.Url) with { Conditions = ["[STATUS] == 200"] });

        Assert.Equal(CheckStatus.Down, answer.Status);
        Assert.Equal(503, answer.StatusCode);
        Assert.Equal(["[STATUS] (503) == 200"], answer.Errors);
        Assert.Equal("[STATUS] (503) == 200", answer.Error);
    }

    [Fact]
    public async Task A_test_retries_as_the_check_would_and_says_how_many_attempts_it_took()
    {
        Target.StatusCode = 500;

        var answer = await TestAsync(CheckerHarness.Spec(Target.Url) with { Retries = 1 });

        Assert.Equal(CheckStatus.Down, answer.Status);
        Assert.Equal(2, answer.Attempts);
        Assert.Equal(2, Target.Requests);
    }

    [Fact]
    public async Task The_outbound_guard_refuses_a_test_as_it_refuses_a_check()
    {
        await using var guarded = await CheckerHarness.StartAsync(new Dictionary<string, string?> { ["Outbound:AllowLoopback"] = "false" });
        var client = guarded.Harness.GetRequestClient<TestCheck>();

        var answer = (await client.GetResponse<CheckCompleted>(new TestCheck { Check = CheckSpecJson.ToElement(CheckerHarness.Spec(Target.Url)) })).Message;

        Assert.Equal(CheckStatus.Down, answer.Status);
        Assert.Contains("loopback", answer.Error);
        Assert.Equal(0, Target.Requests);
    }
}
