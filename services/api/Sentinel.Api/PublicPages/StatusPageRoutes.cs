using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Auth;
using Sentinel.Api.Dashboard;
using Sentinel.Api.Http;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Monitors;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// What a visitor without a login may ask for: status pages (HTML, JSON, Atom), their password form, and badges of
/// monitors marked public. Every route is limited per client address (<see cref="PublicPagesOptions.RequestsPerMinute"/>).
/// </summary>
public static class StatusPageRoutes
{
    public const string Stylesheet = "/status-page.css";
    public const string RateLimitPolicy = "public-pages";

    /// <summary>The query that asks for the page without its automatic reload.</summary>
    public const string NoRefreshQuery = "refresh=off";

    /// <summary>The longest <c>?label=</c> a badge takes.</summary>
    public const int MaxLabelLength = 64;

    /// <summary>A slug is a DNS label; anything else (<c>x.json</c>) is left to the other routes.</summary>
    private const string SlugRoute = "{slug:regex(^[a-z0-9-]{{1,63}}$)}";

    private static readonly PasswordHasher<StatusPage> Passwords = new();

    public static string PagePath(string slug) => $"/status/{slug}";
    public static string JsonPath(string slug) => $"/status/{slug}.json";
    public static string FeedPath(string slug) => $"/status/{slug}/feed.atom";
    public static string LoginPath(string slug) => $"/status/{slug}/login";

    public static WebApplicationBuilder AddPublicPages(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<PublicPagesOptions>(PublicPagesOptions.Section);
        builder.Services.AddSingleton<PublicHtml>();
        builder.Services.AddSingleton<StatusPageCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StatusPageCache>());
        builder.Services.AddSingleton<PageAccess>();
        builder.Services.Configure<RateLimiterOptions>(limits => limits.AddPolicy<string, PerClientAddress>(RateLimitPolicy));
        return builder;
    }

    /// <summary>Custom domains are matched before routing, so a rewritten path is routed like the page's own.</summary>
    public static WebApplication UseCustomDomains(this WebApplication app)
    {
        app.UseMiddleware<CustomDomains>();
        app.UseRouting();
        return app;
    }

    public static IEndpointRouteBuilder MapPublicPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").AllowAnonymous().RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        pages.MapGet($"/status/{SlugRoute}", PageAsync);
        pages.MapGet($"/status/{SlugRoute}.json", (HttpContext http, string slug, StatusPageCache cache, PageAccess access, IOptions<PublicPagesOptions> options) =>
            DataAsync(http, slug, cache, access, options.Value, page => page.Json));
        pages.MapGet($"/status/{SlugRoute}/feed.atom", (HttpContext http, string slug, StatusPageCache cache, PageAccess access, IOptions<PublicPagesOptions> options) =>
            DataAsync(http, slug, cache, access, options.Value, page => page.Feed));
        pages.MapPost($"/status/{SlugRoute}/login", LoginAsync);
        pages.MapGet("/badge/{publicId}/status.svg", StatusBadgeAsync);
        pages.MapGet("/badge/{publicId}/uptime.svg", UptimeBadgeAsync);
        return app;
    }

    private static async Task PageAsync(
        HttpContext http, string slug, StatusPageCache cache, PageAccess access, PublicHtml html, IAntiforgery antiforgery, IOptions<PublicPagesOptions> options)
    {
        var page = await cache.GetAsync(slug, http.RequestAborted);
        if (page is null)
        {
            await NotFoundAsync(http, html);
            return;
        }

        if (!await access.AllowsAsync(http, page.Visibility, page.PageId, page.PasswordHash))
        {
            if (page.Visibility == StatusPageVisibility.Password)
            {
                await PasswordFormAsync(http, html, antiforgery, slug, ReturnUrl(http), error: null);
            }
            else
            {
                http.Response.Headers.CacheControl = "private, no-store";
                http.Response.Redirect($"{DashboardAuthentication.LoginPath}?returnUrl={Uri.EscapeDataString(ReturnUrl(http))}");
            }

            return;
        }

        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PublicContentSecurityPolicy;
        var body = http.Request.Query["refresh"] == "off" ? await page.HtmlWithoutRefresh.Value : page.Html;
        await body.WriteAsync(http, CacheControl(page, options.Value));
    }

    private static async Task DataAsync(
        HttpContext http, string slug, StatusPageCache cache, PageAccess access, PublicPagesOptions options, Func<RenderedStatusPage, RenderedBody> body)
    {
        var page = await cache.GetAsync(slug, http.RequestAborted);
        if (page is null)
        {
            await Results.Problem(statusCode: 404, title: "Not found", detail: "There is no status page at this address.").ExecuteAsync(http);
            return;
        }

        if (!await access.AllowsAsync(http, page.Visibility, page.PageId, page.PasswordHash))
        {
            http.Response.Headers.CacheControl = "private, no-store";
            await Results.Problem(statusCode: 401, title: "Private status page", detail: $"Open {PagePath(slug)} in a browser to sign in first.").ExecuteAsync(http);
            return;
        }

        await body(page).WriteAsync(http, CacheControl(page, options));
    }

    private static async Task LoginAsync(
        HttpContext http, string slug, [FromForm] string? password, [FromForm] string? returnUrl, StatusPageCache cache, PageAccess access,
        PublicHtml html, IAntiforgery antiforgery, FailedAuthenticationLimiter failures)
    {
        var page = await cache.GetAsync(slug, http.RequestAborted);
        if (page is not { Visibility: StatusPageVisibility.Password, PasswordHash: { } hash })
        {
            await NotFoundAsync(http, html);
            return;
        }

        var back = DashboardEndpoints.LocalPath(returnUrl);
        if (Passwords.VerifyHashedPassword(null!, hash, password ?? "") == PasswordVerificationResult.Failed)
        {
            if (!failures.TryAcquire(http, out var retryAfter))
            {
                await Problems.TooManyRequestsAsync(http, retryAfter, "Too many wrong passwords from this address; wait and try again.");
                return;
            }

            await PasswordFormAsync(http, html, antiforgery, slug, back, "Wrong password.");
            return;
        }

        access.GrantCookie(http, page.PageId, hash);
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = back;
    }

    private static async Task<IResult> StatusBadgeAsync(
        HttpContext http, string publicId, string? label, SentinelDbContext db, CancellationToken ct)
    {
        if (BadLabel(label) is { } bad)
        {
            return bad;
        }

        var monitor = await db.Monitors.AsNoTracking().Include(m => m.Status).FirstOrDefaultAsync(m => m.PublicId == publicId, ct);
        if (monitor is null)
        {
            return NoPublicMonitor();
        }

        var maintenance = await ActiveMaintenance.ReadAsync(db, MonitorUptime.Now(http.RequestServices), ct);
        var status = MonitorResponse.StatusOf(monitor, monitor.Status, maintenance.Covers(monitor.Id, monitor.Tags));
        var colour = status switch
        {
            MonitorStatusName.Up => Badge.Green,
            MonitorStatusName.Down => Badge.Red,
            MonitorStatusName.Degraded => Badge.Amber,
            MonitorStatusName.Maintenance => Badge.Blue,
            _ => Badge.Grey,
        };
        return Svg(http, Badge.Write(label ?? "status", Display.Status(status), colour));
    }

    private static async Task<IResult> UptimeBadgeAsync(
        HttpContext http, string publicId, string? window, string? label, SentinelDbContext db, NpgsqlDataSource dataSource,
        IOptions<RetentionOptions> retention, CancellationToken ct)
    {
        window ??= "30d";
        if (!MonitorUptime.Windows.ContainsKey(window))
        {
            return JsonBody.Invalid("window", $"Must be one of {string.Join(", ", MonitorUptime.Windows.Keys)}.");
        }

        if (BadLabel(label) is { } bad)
        {
            return bad;
        }

        var id = await db.Monitors.Where(m => m.PublicId == publicId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            return NoPublicMonitor();
        }

        var uptime = await MonitorUptime.ReadAsync(db, dataSource, retention.Value, id.Value, window, MonitorUptime.Now(http.RequestServices), ct);
        var (message, colour) = uptime.UptimePercent switch
        {
            null => ("no data", Badge.Grey),
            var p => (Display.Percent(p.Value), p >= 99.9 ? Badge.Green : p >= 99 ? Badge.LightGreen : p >= 95 ? Badge.Yellow : Badge.Red),
        };
        return Svg(http, Badge.Write(label ?? $"uptime {window}", message, colour));
    }

    private static IResult? BadLabel(string? label) => label is { Length: > MaxLabelLength } or { Length: 0 }
        ? JsonBody.Invalid("label", $"Must be 1 to {MaxLabelLength} characters.")
        : null;

    /// <summary>The same answer for an id that was never issued and one whose monitor is not (or no longer) public.</summary>
    private static IResult NoPublicMonitor() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No public monitor has this id.");

    private static IResult Svg(HttpContext http, byte[] body)
    {
        // Short: a README's badge should follow the monitor within a minute, and image proxies (GitHub's) honour it.
        http.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(body, "image/svg+xml; charset=utf-8");
    }

    private static Task NotFoundAsync(HttpContext http, PublicHtml html) => html.WriteAsync<PublicMessagePage>(http, StatusCodes.Status404NotFound, new()
    {
        [nameof(PublicMessagePage.Heading)] = "Not found",
        [nameof(PublicMessagePage.Message)] = "There is no status page at this address.",
    });

    private static Task PasswordFormAsync(HttpContext http, PublicHtml html, IAntiforgery antiforgery, string slug, string returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return html.WriteAsync<PasswordPage>(http, StatusCodes.Status200OK, new()
        {
            // The title only: a page behind a password shows nothing else before the password.
            [nameof(PasswordPage.Title)] = "Protected status page",
            [nameof(PasswordPage.Slug)] = slug,
            [nameof(PasswordPage.ReturnUrl)] = returnUrl,
            [nameof(PasswordPage.AntiforgeryField)] = tokens.FormFieldName,
            [nameof(PasswordPage.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(PasswordPage.Error)] = error,
        });
    }

    /// <summary>Where the visitor asked to go, as they typed it: <c>/</c> on a custom domain, the page's path otherwise.</summary>
    private static string ReturnUrl(HttpContext http) =>
        DashboardEndpoints.LocalPath(CustomDomains.AskedFor(http));

    private static string CacheControl(RenderedStatusPage page, PublicPagesOptions options) =>
        page.Visibility == StatusPageVisibility.Public ? $"public, max-age={options.CacheSeconds}" : "private, no-store";

    /// <summary>A fixed window per client address; past it, 429 with Retry-After as problem details.</summary>
    private sealed class PerClientAddress(IOptions<PublicPagesOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) => new ValueTask(Problems.TooManyRequestsAsync(
            context.HttpContext,
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null,
            "Too many requests from this address; wait and try again."));

        public RateLimitPartition<string> GetPartition(HttpContext http) => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
