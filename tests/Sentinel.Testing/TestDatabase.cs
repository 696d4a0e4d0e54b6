using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Data;
using Xunit;

namespace Sentinel.Testing;

/// <summary>
/// A fresh database with the migrations applied, created for one fixture and dropped after it; with
/// <paramref name="migrate"/> false it stays empty, as a new installation's does.
/// </summary>
public sealed class TestDatabase(bool migrate = true) : IAsyncLifetime
{
    public string Name { get; } = "sentinel_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString => TestInfrastructure.ConnectionStringFor(Name);

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestInfrastructure.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString);
        if (migrate)
        {
            await using var db = CreateDbContext();
            await db.Database.MigrateAsync();
        }
    }

    public SentinelDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<SentinelDbContext>();
        options.UseSentinelDatabase(DataSource);
        return new SentinelDbContext(options.Options);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestInfrastructure.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
