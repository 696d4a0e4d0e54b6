using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>The <c>migrate</c> command, as <c>./sentinel up</c>, Compose and the Kubernetes Job run it.</summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(migrate: false);

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Migrating_an_empty_database_and_again_an_up_to_date_one_logs_no_error()
    {
        var first = await MigrateAsync();
        var second = await MigrateAsync();

        await using var db = _database.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        foreach (var log in new[] { first, second })
        {
            var errors = log.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
            Assert.True(errors.Count == 0, string.Join('\n', errors));
            Assert.Contains(log, e => e.Message.Contains(db.Database.GetMigrations().Last(), StringComparison.Ordinal));
        }
    }

    /// <summary>Runs the command as Program does, and returns everything it logged at every level.</summary>
    private async Task<IReadOnlyCollection<LogEntry>> MigrateAsync()
    {
        var log = new ConcurrentQueue<LogEntry>();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = _database.ConnectionString;
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new RecordingLoggerProvider(log));
        builder.AddSentinelDatabase();
        await using var app = builder.Build();
        await app.MigrateDatabaseAsync();
        return log;
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class RecordingLoggerProvider(ConcurrentQueue<LogEntry> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, log);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogEntry> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
    }
}
