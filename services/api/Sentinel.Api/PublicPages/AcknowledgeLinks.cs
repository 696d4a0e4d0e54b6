using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Dashboard;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// <c>/ack/{token}</c>, the one-click link in DOWN, reminder and escalation notices: no login, the signed token
/// (<see cref="AcknowledgeTokens"/>) being the credential for one monitor's one outage until it expires. GET shows a
/// page with one button; only its POST acknowledges, because mail scanners and chat previews fetch every link.
/// Limited per client address like the other public pages.
/// </summary>
public static class AcknowledgeLinks
{
    public static string Path(string token) => $"/ack/{token}";

    public static IEndpointRouteBuilder MapAcknowledgeLinks(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/ack").AllowAnonymous().RequireRateLimiting(StatusPageRoutes.RateLimitPolicy).ExcludeFromDescription();
        links.MapGet("/{token}", (HttpContext http, string token, SentinelDbContext db, Acknowledgements acknowledgements, PublicHtml html) =>
            AnswerAsync(http, token, db, acknowledgements, html, acknowledge: false));
        // No antiforgery token: the form holds no secret a forger lacks, the link itself is the capability, and
        // a forged cross-site POST would need the token, which acknowledges only what it names anyway.
        links.MapPost("/{token}", (HttpContext http, string token, SentinelDbContext db, Acknowledgements acknowledgements, PublicHtml html) =>
            AnswerAsync(http, token, db, acknowledgements, html, acknowledge: true));
        return app;
    }

    private static async Task AnswerAsync(
        HttpContext http, string token, SentinelDbContext db, Acknowledgements acknowledgements, PublicHtml html, bool acknowledge)
    {
        var ct = http.RequestAborted;
        var key = await AcknowledgeTokens.ReadKeyAsync(db, ct);
        if (AcknowledgeTokens.Read(key, token) is not { } link)
        {
            await PageAsync(http, html, StatusCodes.Status403Forbidden, "Link not valid",
                "This acknowledge link is not valid: it was not made by this Sentinel, or it was changed. Acknowledge from the dashboard instead.");
            return;
        }

        if (link.ExpiresAt <= DateTime.UtcNow)
        {
            await PageAsync(http, html, StatusCodes.Status410Gone, "Link expired",
                $"This acknowledge link expired at {Display.Time(link.ExpiresAt)}. Acknowledge from the dashboard, or use the link in a newer notice.");
            return;
        }

        var monitor = await db.Monitors.AsNoTracking().Where(m => m.Id == link.MonitorId).Select(m => m.Name).SingleOrDefaultAsync(ct);
        if (monitor is null)
        {
            await PageAsync(http, html, StatusCodes.Status404NotFound, "Monitor deleted", "The monitor this link is about no longer exists.");
            return;
        }

        if (acknowledge)
        {
            await acknowledgements.AcknowledgeAsync(link.MonitorId, link.TransitionId, "link", AcknowledgementVia.Link, note: null, ct);
        }

        if (await acknowledgements.OfOutageAsync(link.TransitionId, ct) is { } done)
        {
            await PageAsync(http, html, StatusCodes.Status200OK, $"{monitor}: acknowledged",
                $"This outage of {monitor} was acknowledged by {done.By} at {Display.Time(done.At)}"
                + $"{(done.Note is { } note ? $": {note}" : "")}. Reminders and further escalation steps have stopped.");
            return;
        }

        if (await acknowledgements.CurrentOutageAsync(link.MonitorId, ct) != link.TransitionId)
        {
            await PageAsync(http, html, StatusCodes.Status200OK, $"{monitor}: outage over",
                $"The outage of {monitor} this link is about is over: there is nothing to acknowledge.");
            return;
        }

        var since = await db.StatusTransitions.AsNoTracking().Where(t => t.Id == link.TransitionId).Select(t => t.ChangedAt).SingleAsync(ct);
        await PageAsync(http, html, StatusCodes.Status200OK, $"{monitor} is down",
            $"{monitor} has been down since {Display.Time(since)}. Acknowledging stops its reminders and further escalation steps, and tells everyone looking that someone is on it.",
            Path(token));
    }

    private static Task PageAsync(HttpContext http, PublicHtml html, int statusCode, string heading, string message, string? action = null) =>
        html.WriteAsync<AcknowledgePage>(http, statusCode, new()
        {
            [nameof(AcknowledgePage.Heading)] = heading,
            [nameof(AcknowledgePage.Message)] = message,
            [nameof(AcknowledgePage.Action)] = action,
        });
}
