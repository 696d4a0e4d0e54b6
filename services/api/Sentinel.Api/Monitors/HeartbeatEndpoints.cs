using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Api.Http;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>Heartbeat ping tokens: 192 random bits, base64url (32 characters), safe in a URL path as they are.</summary>
public static class HeartbeatTokens
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}

/// <summary>What a ping answers: whether it counted, and by when the next one is expected.</summary>
public sealed record HeartbeatPingResponse(bool Recorded, DateTime? NextPingDueBy);

/// <summary>
/// <c>GET|POST /api/v1/heartbeats/{token}</c>: a heartbeat monitor's ping. No API key: the token is the credential
/// (a capability), so it is mapped outside the authenticated group.
/// </summary>
public static class HeartbeatEndpoints
{
    public static string PingPath(string token) => $"/api/v1/heartbeats/{token}";

    /// <summary>Longer tokens are not looked up; ours are 32 characters.</summary>
    private const int MaxTokenLength = 64;

    /// <summary>How long a ping waits for the broker to take it, well under a cron job's usual curl timeout.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public static WebApplication MapHeartbeats(this WebApplication app)
    {
        // GET for the simplest cron line (curl URL), POST for tools that send one; two operations for the OpenAPI document.
        Describe(app.MapGet("/api/v1/heartbeats/{token}", Ping).WithName("PingHeartbeat"));
        Describe(app.MapPost("/api/v1/heartbeats/{token}", Ping).WithName("PingHeartbeatByPost"));
        return app;
    }

    private static void Describe(RouteHandlerBuilder ping) => ping
        .WithTags("Heartbeats")
        .WithSummary("Ping a heartbeat monitor")
        .WithDescription("Tells Sentinel the job ran. Takes no API key: the monitor's token in the path is the credential. "
                         + "A paused monitor's ping is accepted (202) and records nothing.")
        .AllowAnonymous()
        .Produces<HeartbeatPingResponse>()
        .Produces<HeartbeatPingResponse>(StatusCodes.Status202Accepted)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> Ping(
        [MaxLength(MaxTokenLength)] string token, HttpContext http, SentinelDbContext db, IPublishEndpoint publish, FailedAuthenticationLimiter failures,
        CancellationToken ct)
    {
        var heartbeat = CheckKinds.Heartbeat.Name;
        var monitor = token.Length > MaxTokenLength ? null : await db.Monitors.AsNoTracking()
            .Where(m => m.HeartbeatToken == token && m.Kind == heartbeat)
            .Select(m => new { m.Id, m.Enabled, m.IntervalSeconds, m.Check, m.FailureThreshold, m.SuccessThreshold })
            .SingleOrDefaultAsync(ct);
        if (monitor is null)
        {
            // Unknown tokens count as failed authentications from the caller's address, like unknown API keys.
            if (!failures.TryAcquire(http, out var retryAfter))
            {
                await Problems.TooManyRequestsAsync(http, retryAfter, "Too many unknown heartbeat tokens from this address.");
                return Results.Empty;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Heartbeat not found", detail: "No heartbeat monitor has this token.");
        }

        if (!monitor.Enabled)
        {
            // Accepted but ignored: a paused monitor records nothing, and the job pinging it must not fail for that
            // (curl -f would turn a 4xx into cron mail).
            return TypedResults.Accepted((string?)null, new HeartbeatPingResponse(false, null));
        }

        // To the microsecond, as timestamptz keeps it: the stored result's key (its due time) then gives back the
        // check id it was published with (SlotCheckId), which is not stored.
        var now = DateTime.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var dueBy = now.AddSeconds(monitor.IntervalSeconds + ((HeartbeatCheck)monitor.Check).GraceSeconds);
        // The one place the api writes the scheduler's next_check_at: for a heartbeat it is the deadline of the next
        // ping, and only a ping can move it. The scheduler claims the row when it passes and reports the ping missed.
        // Moved in the same transaction as the publish: a failed publish leaves the deadline where it was.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.MonitorSchedules.Where(s => s.MonitorId == monitor.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAt, dueBy), ct);
        await db.Monitors.Where(m => m.Id == monitor.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastPingAt, now), ct);
        var ping = new ChecksCompleted { Results = [new CheckCompleted
        {
            CheckId = SlotCheckId.For(monitor.Id, now),
            MonitorId = monitor.Id,
            ScheduledAt = now,
            DispatchedAt = now,
            CheckedAt = now,
            Status = CheckStatus.Up,
            LatencyMs = 0,
            FailureThreshold = monitor.FailureThreshold,
            SuccessThreshold = monitor.SuccessThreshold,
        }] };
        // A publish waits for the broker as long as it is away; the job pinging us must not (and its deadline must
        // not move for a ping nobody recorded): it is told to come back instead.
        using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        publishTimeout.CancelAfter(PublishTimeout);
        try
        {
            await publish.Publish(ping, publishTimeout.Token).WaitAsync(publishTimeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MassTransitException && !ct.IsCancellationRequested)
        {
            http.Response.Headers.RetryAfter = ((int)PublishTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ping not recorded",
                detail: $"The message broker did not take the ping within {PublishTimeout.TotalSeconds} s; nothing was recorded. Ping again.");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new HeartbeatPingResponse(true, dueBy));
    }
}
