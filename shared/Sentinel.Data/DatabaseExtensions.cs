using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Sentinel.Data;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Sentinel";

    /// <summary>
    /// A transaction of the caller's own, or null when one is already open (an apply writes many objects in one):
    /// commit it only if it is not null.
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginUnlessInOneAsync(
        this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken ct) =>
        database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null;

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> for the service (hot paths use it directly), the DbContext over it,
    /// and a <c>database</c> health check.
    /// </summary>
    public static IHostApplicationBuilder AddSentinelDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment variable ConnectionStrings__{ConnectionStringName}).");
        }

        var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        builder.Services.AddSingleton(dataSource);
        // The factory also registers the context itself as a scoped service.
        builder.Services.AddDbContextFactory<SentinelDbContext>(o => o.UseSentinelDatabase(dataSource));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static DbContextOptionsBuilder UseSentinelDatabase(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource).UseSnakeCaseNamingConvention();
}

internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
