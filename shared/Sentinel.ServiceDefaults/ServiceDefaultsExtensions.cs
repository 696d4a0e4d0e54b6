using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Sentinel.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Logging, health checks and problem details that every Sentinel service shares, listening on
    /// <paramref name="defaultPort"/> unless <c>Urls</c> (or <c>ASPNETCORE_URLS</c>) says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, int defaultPort)
    {
        // Added last, so a *_FILE secret wins over the plain variable of the same name.
        builder.Configuration.AddInMemoryCollection(FileSettings.Read(Environment.GetEnvironmentVariables()));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://+:{defaultPort}");
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        // prometheus-net's default process metrics are enough; drop its debug meters to keep /metrics small.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (every check, for readiness and humans), <c>/health/live</c> (the process answers) and
    /// <c>/metrics</c>. All open: orchestrators and Prometheus call them without credentials.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthReport });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapMetrics("/metrics");
        return app;
    }

    private static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
