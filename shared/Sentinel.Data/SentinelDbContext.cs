using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Sentinel.Data;

public sealed class SentinelDbContext(DbContextOptions<SentinelDbContext> options) : IdentityUserContext<DashboardUser, Guid>(options)
{
    public DbSet<MonitorDefinition> Monitors => Set<MonitorDefinition>();
    public DbSet<MonitorStatus> MonitorStatuses => Set<MonitorStatus>();
    public DbSet<MonitorSchedule> MonitorSchedules => Set<MonitorSchedule>();
    public DbSet<CheckResult> CheckResults => Set<CheckResult>();

    /// <summary>The results as readers want them (<see cref="RecordedCheck"/>): read these, write <see cref="CheckResults"/>.</summary>
    public DbSet<RecordedCheck> RecordedChecks => Set<RecordedCheck>();
    public DbSet<StatusTransition> StatusTransitions => Set<StatusTransition>();
    public DbSet<CheckRollup> CheckRollups => Set<CheckRollup>();
    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();
    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<CheckingOutage> CheckingOutages => Set<CheckingOutage>();
    public DbSet<FlappingPeriod> FlappingPeriods => Set<FlappingPeriod>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<MaintenanceWindow> MaintenanceWindows => Set<MaintenanceWindow>();
    public DbSet<StatusPage> StatusPages => Set<StatusPage>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentUpdate> IncidentUpdates => Set<IncidentUpdate>();
    public DbSet<EscalationPolicy> EscalationPolicies => Set<EscalationPolicy>();
    public DbSet<Acknowledgement> Acknowledgements => Set<Acknowledgement>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionChecker> RegionCheckers => Set<RegionChecker>();
    public DbSet<RegionOutage> RegionOutages => Set<RegionOutage>();
    public DbSet<CheckSlot> CheckSlots => Set<CheckSlot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's own tables first (users, their claims, logins and tokens), then ours, which rename them.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SentinelDbContext).Assembly);
    }
}
