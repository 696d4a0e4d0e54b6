using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Checks;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>
/// "Test now": one check run by a checker, as a scheduled one would be, and its result answered; nothing is saved and
/// no history written. For the REST routes and the dashboard alike.
/// </summary>
public sealed class MonitorTests(MonitorWrites writes, SentinelDbContext db, IRequestClient<TestCheck> checkers)
{
    /// <summary>Time on top of the check's own longest run for the broker and a checker's queue.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Validates <paramref name="document"/> as creating the monitor would (the same errors), or, given
    /// <paramref name="replacing"/>, as replacing that monitor would (masked secrets then keep its stored ones, as an
    /// edit form sends them), and runs its check once without saving anything.
    /// </summary>
    public async Task<Outcome<CheckTestResponse>> TestAsync(JsonObject document, Guid? replacing, CancellationToken ct)
    {
        var validated = await writes.ValidateAsync(document, replacing, ct);
        return validated.Value is { } monitor ? await RunAsync(monitor.Check, ct)
            : validated.NotFound ? Outcome<CheckTestResponse>.Missing()
            : Outcome<CheckTestResponse>.Invalid(validated.Errors);
    }

    /// <summary>Runs the check of saved monitor <paramref name="id"/> once, recording nothing.</summary>
    public async Task<Outcome<CheckTestResponse>> TestStoredAsync(Guid id, CancellationToken ct) =>
        await db.Monitors.AsNoTracking().Where(m => m.Id == id).Select(m => m.Check).SingleOrDefaultAsync(ct) is { } check
            ? await RunAsync(check, ct)
            : Outcome<CheckTestResponse>.Missing();

    private async Task<Outcome<CheckTestResponse>> RunAsync(CheckSpec spec, CancellationToken ct)
    {
        if (spec is not ProbeCheck probe)
        {
            return Outcome<CheckTestResponse>.Invalid(new Dictionary<string, string[]>
            {
                ["type"] = ["A heartbeat monitor is pinged rather than checked: there is no check to test."],
            });
        }

        var timeout = probe.Longest + Margin;
        try
        {
            // The request expires with its timeout, so a checker that comes later does not run it for nobody.
            var answer = await checkers.GetResponse<CheckCompleted>(
                new TestCheck { Check = CheckSpecJson.ToElement(probe) }, r => r.TimeToLive = timeout, ct, RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
            return Outcome<CheckTestResponse>.Done(CheckTestResponse.From(answer.Message));
        }
        catch (RequestTimeoutException)
        {
            return Outcome<CheckTestResponse>.Failed(new ServiceProblem(StatusCodes.Status503ServiceUnavailable, "No checker answered",
                $"No checker answered within {timeout.TotalSeconds:0} s; is one running?"));
        }
        catch (RequestFaultException ex)
        {
            // A checker answers a failed check itself; a fault is the checker failing, not the target.
            return Outcome<CheckTestResponse>.Failed(new ServiceProblem(StatusCodes.Status502BadGateway, "Checker failed",
                $"The checker failed to run the check: {ex.Fault?.Exceptions.FirstOrDefault()?.Message ?? ex.Message}"));
        }
    }
}

/// <summary>
/// The result of a "test now", as a check in the monitor's history shows it (<see cref="CheckResultResponse"/>), with
/// the number of attempts it took; <see cref="Errors"/> lists every reason it failed, failed conditions with the
/// values they saw.
/// </summary>
public sealed record CheckTestResponse(
    DateTime CheckedAt, CheckStatus Status, double LatencyMs, int? StatusCode, string? Error, IReadOnlyList<string> Errors, int Attempts)
{
    public static CheckTestResponse From(CheckCompleted answer) => new(
        answer.CheckedAt, answer.Status, answer.LatencyMs, answer.StatusCode, answer.Error, answer.Errors, answer.Attempts);
}
