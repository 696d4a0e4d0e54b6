using Microsoft.EntityFrameworkCore;

namespace Sentinel.Data;

public sealed class SentinelDbContext(DbContextOptions<SentinelDbContext> options) : DbContext(options)
{
    public DbSet<MonitorDefinition> Monitors => Set<MonitorDefinition>();
    public DbSet<MonitorStatus> MonitorStatuses => Set<MonitorStatus>();
    public DbSet<CheckResult> CheckResults => Set<CheckResult>();
    public DbSet<StatusTransition> StatusTransitions => Set<StatusTransition>();
    public DbSet<CheckRollup> CheckRollups => Set<CheckRollup>();
    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<CheckingOutage> CheckingOutages => Set<CheckingOutage>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SentinelDbContext).Assembly);
}
