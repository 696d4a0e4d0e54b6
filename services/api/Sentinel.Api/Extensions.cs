using Sentinel.ServiceDefaults;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Prometheus;
using Scalar.AspNetCore;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api;

public static class Extensions
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ApiOptions>(ApiOptions.Section);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<MonitorCountMetrics>();
        return builder;
    }

    /// <summary>camelCase everywhere, enums as lower-case words, and unknown fields refused rather than ignored.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        // Any unhandled failure and any bare status code (404 for an unknown route, 405) answers as problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.Services.GetRequiredService<MonitorCountMetrics>().Register();
        return app;
    }

    /// <summary>The <c>migrate</c> command: applies pending migrations and returns.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SentinelDbContext>();
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Database schema is at migration {Migration}", db.Database.GetMigrations().Last());
    }
}
