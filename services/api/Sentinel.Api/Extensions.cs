using Sentinel.ServiceDefaults;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;
using Sentinel.Api.Alerts;
using Sentinel.Api.AsCode;
using Sentinel.Api.Auth;
using Sentinel.Api.Channels;
using Sentinel.Api.Dashboard;
using Sentinel.Api.Http;
using Sentinel.Api.Keys;
using Sentinel.Api.Live;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Escalation;
using Sentinel.Api.Regions;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Prometheus;
using Scalar.AspNetCore;
using Sentinel.Api.Monitors;
using Sentinel.Api.PublicPages;
using Sentinel.Api.Users;
using Sentinel.Api.Incidents;
using Sentinel.Api.StatusPages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sentinel.Data;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Api;

public static class Extensions
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        // Only HourlyRollupDays is read here: where uptime switches from hourly to daily rollups.
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);
        // wwwroot is copied only by publish; run from the build output (./sentinel up), the files are found through the
        // build's manifest, which ASP.NET Core reads by itself only in Development. Published, there is no such manifest.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => TrustProxies(forwarded, api.TrustedProxies));
        builder.AddSentinelAuthentication();
        builder.Services.AddRazorComponents();
        builder.Services.AddResponseCompression(compression =>
        {
            // Over https too: a page's secrets (antiforgery tokens) are encrypted afresh on every response and the
            // session cookie is SameSite=Strict, so a cross-site page can neither read nor repeat what BREACH needs.
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
            // A compressor holds back what it has not filled a block with: live updates would arrive late.
            compression.ExcludedMimeTypes = ["text/event-stream"];
        });
        builder.Services.AddSingleton<FailedAuthenticationLimiter>();
        builder.Services.AddRateLimiter(limits =>
        {
            limits.OnRejected = (context, _) => new ValueTask(Problems.TooManyRequestsAsync(
                context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null,
                "This key made too many changes; wait and try again."));
            // Writes, per key. Reads are not limited: they are what dashboards and scripts do all day.
            limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value is not { } keyId
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = api.RateLimits.WritesPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                    }));
            limits.AddPolicy(KeyEndpoints.CreationLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = api.RateLimits.KeyCreationsPerHour, Window = TimeSpan.FromHours(1) }));
        });
        builder.Services.AddOpenApiDocumentation();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = bad.Message;
            }
        });
        builder.AddOutboundGuard();
        builder.Services.AddScoped<ApiKeyRegistry>();
        builder.Services.AddScoped<UserAccounts>();
        builder.Services.AddSingleton<MonitorCountMetrics>();
        builder.Services.AddSingleton(services => new MonitorDocument(HttpJson(services)));
        builder.Services.AddSingleton(services => new ApiDocument<ChannelResponse, ChannelRequest>(HttpJson(services)));
        builder.Services.AddScoped<MonitorWrites>();
        builder.Services.AddScoped<MonitorTests>();
        builder.Services.AddScoped<ChannelWrites>();
        builder.Services.AddSingleton(services => new ApiDocument<StatusPageResponse, StatusPageRequest>(HttpJson(services)));
        builder.Services.TryAddSingleton<IPasswordHasher<StatusPage>, PasswordHasher<StatusPage>>();
        builder.Services.AddScoped<StatusPageWrites>();
        builder.Services.AddSingleton(services => new ApiDocument<IncidentReportResponse, IncidentRequest>(HttpJson(services)));
        builder.Services.AddSingleton(services => new ApiDocument<IncidentReportResponse, IncidentChangeRequest>(HttpJson(services)));
        builder.Services.AddSingleton(services => new ApiDocument<IncidentUpdateResponse, IncidentUpdateRequest>(HttpJson(services)));
        builder.Services.AddScoped<IncidentWrites>();
        builder.Services.AddSingleton(services => new ApiDocument<MaintenanceWindowResponse, MaintenanceWindowRequest>(HttpJson(services)));
        builder.Services.AddScoped<MaintenanceWrites>();
        builder.Services.AddSingleton(services => new ApiDocument<EscalationPolicyResponse, EscalationPolicyRequest>(HttpJson(services)));
        builder.Services.AddScoped<EscalationPolicyWrites>();
        builder.Services.AddScoped<Acknowledgements>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegionQueues>();
        builder.Services.AddScoped<RegionOverview>();
        builder.Services.AddScoped<ConfigWrites>();
        builder.Services.AddScoped<ConfigApply>();
        builder.AddDirectoryApply();
        builder.AddPublicPages();
        return builder;
    }

    private static JsonSerializerOptions HttpJson(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    /// <summary>
    /// camelCase everywhere, enums as lower-case words, numbers as numbers (not "60"), and unknown fields or a field
    /// given twice refused rather than ignored.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.AllowDuplicateProperties = false;
    }

    /// <summary>
    /// Believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from <paramref name="proxies"/> only, through any
    /// number of them in a row, so the address limits count is the visitor's, not the Ingress controller's.
    /// </summary>
    private static void TrustProxies(ForwardedHeadersOptions forwarded, IReadOnlyList<string> proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = null;
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownIPNetworks.Add(ApiOptions.ProxyNetwork(proxy) ?? throw new InvalidOperationException($"Api:TrustedProxies: '{proxy}' is not an address."));
        }
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        // Before anything reads the client's address or scheme. Only with proxies to trust: given none, the middleware
        // would believe every sender's X-Forwarded-For, and a visitor could name any address to escape its limits.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseCustomDomains();
        // First, so that every response written below it (pages, problem details) can be compressed.
        app.UseResponseCompression();
        // Any unhandled failure and any bare status code (404 for an unknown route, 405) answers as problem details.
        // A query parameter that does not parse (limit=abc) is the client's mistake: 400, saying which one.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeaders>();
        // Who is calling first, so that limits can be counted per key, then what they may do.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        // A live-update stream is one request that lasts as long as the page is open: as a duration it would only
        // drown the request histogram.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments(StatusEvents.Path), metered => metered.UseHttpMetrics());
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.Services.GetRequiredService<MonitorCountMetrics>().Register();
        return app;
    }

    /// <summary>
    /// Everything under <c>/api/v1</c>: each route needs a key, and changes need the write scope; except heartbeat
    /// pings, mapped outside the group: cron jobs call them without a key, the token in the path being the credential.
    /// </summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(AccessPolicies.Api)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapMonitors();
        api.MapUptime();
        api.MapRegions();
        api.MapChannels();
        api.MapMaintenanceWindows();
        api.MapEscalationPolicies();
        api.MapAlerts();
        api.MapKeys();
        api.MapStatusPages();
        api.MapIncidents();
        api.MapApply();
        app.MapHeartbeats();
        app.MapDashboard();
        app.MapPublicPages();
        app.MapAcknowledgeLinks();
        return app;
    }

    /// <summary>
    /// The <c>migrate</c> command: applies pending migrations and returns. The database and the history table are
    /// created first, as the migrator itself would next: Npgsql's migrator reads the history before creating it,
    /// and EF logs that failed read as an error (npgsql/efcore.pg#3407), so a first, successful migrate would
    /// print a failure. Real failures still log as errors.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SentinelDbContext>();
        var database = db.GetService<IRelationalDatabaseCreator>();
        if (!await database.ExistsAsync())
        {
            await database.CreateAsync();
        }

        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Database schema is at migration {Migration}", db.Database.GetMigrations().Last());
    }
}
