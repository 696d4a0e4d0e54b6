using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sentinel.Channels;
using Sentinel.Checks;
using Sentinel.ServiceDefaults;

namespace Sentinel.Data;

/// <summary>A list stored as one jsonb value, in the serializer's default shape (<see cref="Options"/>), which plain SQL writers use too.</summary>
public static class JsonColumns
{
    public static readonly JsonSerializerOptions Options = JsonSerializerOptions.Default;

    public static PropertyBuilder<List<T>> AsJsonList<T>(this PropertyBuilder<List<T>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            list => JsonSerializer.Serialize(list, Options),
            json => JsonSerializer.Deserialize<List<T>>(json, Options) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                list => JsonSerializer.Serialize(list, Options).GetHashCode(),
                list => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(list, Options), Options)!));
}

internal sealed class MonitorDefinitionConfiguration : IEntityTypeConfiguration<MonitorDefinition>
{
    public void Configure(EntityTypeBuilder<MonitorDefinition> monitor)
    {
        monitor.ToTable("monitors");
        monitor.HasKey(m => m.Id);
        monitor.Property(m => m.Number).UseIdentityByDefaultColumn();
        monitor.HasIndex(m => m.Number).IsUnique();
        monitor.Property(m => m.Name).HasMaxLength(200);
        monitor.Property(m => m.Check)
            .HasColumnName("check_spec")
            .HasColumnType("jsonb")
            .HasConversion(
                c => CheckSpecJson.Serialize(c),
                s => CheckSpecJson.Deserialize(s),
                new ValueComparer<CheckSpec>((a, b) => Equals(a, b), c => c.GetHashCode(), c => c));
        // Derived from the spec, so the kind is stated once: SQL (the scheduler's claim, heartbeat pings) filters on it.
        monitor.Property(m => m.Kind)
            .HasMaxLength(16)
            .HasComputedColumnSql($"check_spec ->> '{CheckSpecJson.KindField}'", stored: true);
        monitor.Property(m => m.HeartbeatToken).HasMaxLength(64);
        monitor.HasIndex(m => m.HeartbeatToken).IsUnique();
        monitor.Property(m => m.PublicId).HasMaxLength(32);
        monitor.HasIndex(m => m.PublicId).IsUnique();
        monitor.Property(m => m.SendOnResolved).HasDefaultValue(true);
        // Empty arrays by default, so rows written with plain SQL (the benchmark's seeding) need not name them.
        monitor.Property(m => m.Tags).HasDefaultValueSql("'{}'");
        monitor.Property(m => m.ChannelIds).HasDefaultValueSql("'{}'");
        monitor.Property(m => m.DependsOn).HasDefaultValueSql("'{}'");
        monitor.Property(m => m.Regions).HasDefaultValueSql($"'{{{RegionNames.Default}}}'");
        monitor.Property(m => m.Quorum).HasDefaultValue(1).HasSentinel(0);
        // The defaults for rows that predate flapping; 0 is a value a monitor may hold (off), not EF's "unset".
        monitor.Property(m => m.FlappingChanges).HasDefaultValue(MonitorDefinition.DefaultFlappingChanges).HasSentinel(int.MinValue);
        monitor.Property(m => m.FlappingMinutes).HasDefaultValue(MonitorDefinition.DefaultFlappingMinutes).HasSentinel(int.MinValue);
        monitor.HasIndex(m => m.Tags).HasMethod("gin");
        // An apply finds its documents' monitors by name and its own by source, among up to a million.
        monitor.HasIndex(m => m.Name);
        monitor.HasIndex(m => m.Source).HasFilter("source IS NOT NULL");
        // Deleting a policy leaves its monitors on the one their tags name, if any.
        monitor.HasOne<EscalationPolicy>().WithMany().HasForeignKey(m => m.EscalationPolicyId).OnDelete(DeleteBehavior.SetNull);
        monitor.HasOne(m => m.Status).WithOne().HasForeignKey<MonitorStatus>(s => s.MonitorId).OnDelete(DeleteBehavior.Cascade);
        monitor.HasOne(m => m.Schedule).WithOne().HasForeignKey<MonitorSchedule>(s => s.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonitorScheduleConfiguration : IEntityTypeConfiguration<MonitorSchedule>
{
    public void Configure(EntityTypeBuilder<MonitorSchedule> schedule)
    {
        schedule.ToTable("monitor_schedule");
        schedule.HasKey(s => s.MonitorId);
        // The scheduler's claim: due monitors in due order (see DueCheckDispatcher in the scheduler). Not filtered on
        // enabled, which lives in monitors: the claim moves a disabled monitor it meets to infinity instead.
        schedule.HasIndex(s => s.NextCheckAt).HasDatabaseName("ix_monitor_schedule_due");
    }
}

internal sealed class MonitorStatusConfiguration : IEntityTypeConfiguration<MonitorStatus>
{
    public void Configure(EntityTypeBuilder<MonitorStatus> status)
    {
        status.ToTable("monitor_status");
        status.HasKey(s => s.MonitorId);
    }
}

internal sealed class CheckResultConfiguration : IEntityTypeConfiguration<CheckResult>
{
    public void Configure(EntityTypeBuilder<CheckResult> result)
    {
        // Partitioned by due time (the migration's SQL and ResultPartitions create it; EF only reads and maps it).
        // No foreign key: checking one costs a lookup per inserted row, and a deleted monitor's results, which no
        // reader can reach once its number is gone, leave with their partitions.
        result.ToTable("check_results");
        // One index, both the idempotency key and the history read: one monitor, one region, newest first.
        result.HasKey(r => new { r.MonitorNumber, r.RegionNumber, r.ScheduledAt });
        result.Property(r => r.MonitorNumber).HasColumnName("monitor");
        result.Property(r => r.RegionNumber).HasColumnName("region");
        result.Property(r => r.LatencyMs).HasColumnType("real");
    }
}

internal sealed class RecordedCheckConfiguration : IEntityTypeConfiguration<RecordedCheck>
{
    public void Configure(EntityTypeBuilder<RecordedCheck> check)
    {
        check.ToView(RecordedCheckView.Name);
        check.HasNoKey();
        check.Ignore(c => c.CheckId);
        check.Ignore(c => c.Error);
    }
}

internal sealed class StatusTransitionConfiguration : IEntityTypeConfiguration<StatusTransition>
{
    public void Configure(EntityTypeBuilder<StatusTransition> transition)
    {
        transition.ToTable("status_transitions");
        transition.HasKey(t => t.Id);
        transition.Property(t => t.Error).HasMaxLength(1024);
        transition.HasIndex(t => t.CheckId).IsUnique();
        transition.Property(t => t.Regions).AsJsonList().HasDefaultValueSql("'[]'");
        transition.HasIndex(t => new { t.MonitorId, t.ChangedAt });
        transition.HasOne<MonitorDefinition>().WithMany().HasForeignKey(t => t.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CheckRollupConfiguration : IEntityTypeConfiguration<CheckRollup>
{
    public void Configure(EntityTypeBuilder<CheckRollup> rollup)
    {
        rollup.ToTable("check_rollups");
        // The key is also the uptime read's index: one monitor, a range of hours.
        rollup.HasKey(r => new { r.MonitorId, r.BucketStart, r.Region });
        rollup.Property(r => r.Region).HasMaxLength(RegionNames.MaxLength).HasDefaultValue(RegionNames.Default);
        rollup.HasOne<MonitorDefinition>().WithMany().HasForeignKey(r => r.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DailyRollupConfiguration : IEntityTypeConfiguration<DailyRollup>
{
    public void Configure(EntityTypeBuilder<DailyRollup> rollup)
    {
        rollup.ToTable("check_rollups_daily");
        rollup.HasKey(r => new { r.MonitorId, r.Day, r.Region });
        rollup.Property(r => r.Region).HasMaxLength(RegionNames.MaxLength).HasDefaultValue(RegionNames.Default);
        rollup.HasOne<MonitorDefinition>().WithMany().HasForeignKey(r => r.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> channel)
    {
        channel.ToTable("alert_channels");
        channel.HasKey(c => c.Id);
        channel.Property(c => c.Name).HasMaxLength(200);
        channel.Property(c => c.Type).HasMaxLength(16);
        channel.Property(c => c.Config).HasColumnType("jsonb").HasConversion(
            c => ChannelSettingsJson.Serialize(c),
            s => ChannelSettingsJson.Deserialize(s),
            // Settings are immutable records: equal values are equal settings, and a change replaces the record.
            new ValueComparer<ChannelSettings>((a, b) => Equals(a, b), c => c.GetHashCode(), c => c));
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> delivery)
    {
        delivery.ToTable("notification_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.HasIndex(d => new { d.TransitionId, d.ChannelId, d.Kind, d.Sequence }).IsUnique().HasDatabaseName("ix_notification_deliveries_notice");
        delivery.HasIndex(d => new { d.MonitorId, d.Id });
        // The sweep for deliveries whose alerter died mid-send.
        delivery.HasIndex(d => d.NextAttemptAt).HasFilter($"state < {(int)DeliveryState.Sent}");
        delivery.Property(d => d.ChannelName).HasMaxLength(200);
        delivery.Property(d => d.ChannelType).HasMaxLength(16);
        delivery.Property(d => d.LastError).HasMaxLength(1024);
        delivery.Property(d => d.Reason).HasMaxLength(1024);
        // The sweep's look at held notices.
        delivery.HasIndex(d => d.TransitionId).HasFilter($"state = {(int)DeliveryState.Held}").HasDatabaseName("ix_notification_deliveries_held");
        delivery.HasOne<MonitorDefinition>().WithMany().HasForeignKey(d => d.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> region)
    {
        region.ToTable("regions");
        region.HasKey(r => r.Name);
        region.Property(r => r.Number).UseIdentityByDefaultColumn();
        region.HasIndex(r => r.Number).IsUnique();
        region.Property(r => r.Name).HasMaxLength(RegionNames.MaxLength);
        region.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        region.HasData(new Region { Name = RegionNames.Default, Number = Region.DefaultNumber, IsDefault = true, CreatedAt = DateTime.UnixEpoch });
    }
}

internal sealed class RegionCheckerConfiguration : IEntityTypeConfiguration<RegionChecker>
{
    public void Configure(EntityTypeBuilder<RegionChecker> checker)
    {
        checker.ToTable("region_checkers");
        checker.HasKey(c => c.CheckerId);
        checker.Property(c => c.CheckerId).HasMaxLength(300);
        checker.Property(c => c.Region).HasMaxLength(RegionNames.MaxLength);
        checker.Property(c => c.Host).HasMaxLength(255);
        checker.HasIndex(c => new { c.Region, c.LastSeenAt });
    }
}

internal sealed class RegionOutageConfiguration : IEntityTypeConfiguration<RegionOutage>
{
    public void Configure(EntityTypeBuilder<RegionOutage> outage)
    {
        outage.ToTable("region_outages");
        outage.HasKey(o => o.Id);
        outage.Property(o => o.Region).HasMaxLength(RegionNames.MaxLength);
        // At most one open outage per region (see CheckingOutage's index).
        outage.HasIndex(o => o.Region).IsUnique().HasFilter("ended_at IS NULL").HasDatabaseName("ix_region_outages_open");
    }
}

internal sealed class CheckSlotConfiguration : IEntityTypeConfiguration<CheckSlot>
{
    public void Configure(EntityTypeBuilder<CheckSlot> slot)
    {
        slot.ToTable("check_slots");
        slot.HasKey(s => new { s.MonitorId, s.ScheduledAt });
        slot.Property(s => s.Results).AsJsonList();
        // The deadline sweep: undecided due times past their deadline.
        slot.HasIndex(s => s.DecideBy).HasFilter("decided_at IS NULL").HasDatabaseName("ix_check_slots_undecided");
        slot.HasOne<MonitorDefinition>().WithMany().HasForeignKey(s => s.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CheckingOutageConfiguration : IEntityTypeConfiguration<CheckingOutage>
{
    public void Configure(EntityTypeBuilder<CheckingOutage> outage)
    {
        outage.ToTable("checking_outages");
        outage.HasKey(o => o.Id);
        // At most one open outage: the NULL ended_at of open rows made equal, so a second alerter's insert of the
        // same outage conflicts and records (and notifies) nothing.
        outage.HasIndex(o => o.EndedAt).IsUnique().AreNullsDistinct(false).HasFilter("ended_at IS NULL").HasDatabaseName("ix_checking_outages_open");
    }
}

internal sealed class FlappingPeriodConfiguration : IEntityTypeConfiguration<FlappingPeriod>
{
    public void Configure(EntityTypeBuilder<FlappingPeriod> period)
    {
        period.ToTable("flapping_periods");
        period.HasKey(p => p.Id);
        // At most one open period per monitor: of two alerters seeing the same flapping start, one records it.
        period.HasIndex(p => p.MonitorId).IsUnique().HasFilter("ended_at IS NULL").HasDatabaseName("ix_flapping_periods_open");
        period.HasIndex(p => new { p.MonitorId, p.StartedAt });
        period.HasOne<MonitorDefinition>().WithMany().HasForeignKey(p => p.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.HasKey(k => k.Id);
        key.HasIndex(k => k.KeyHash).IsUnique();
        key.Property(k => k.Name).HasMaxLength(200);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.Scope).HasMaxLength(16);
        key.HasOne<DashboardUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> window)
    {
        window.ToTable("maintenance_windows");
        window.HasKey(w => w.Id);
        window.Property(w => w.Name).HasMaxLength(200);
        window.Property(w => w.Description).HasMaxLength(2000);
        window.Property(w => w.Cron).HasMaxLength(100);
        window.Property(w => w.TimeZone).HasMaxLength(64);
        window.Property(w => w.MonitorIds).HasDefaultValueSql("'{}'");
        window.Property(w => w.Tags).HasDefaultValueSql("'{}'");
        window.Property(w => w.NotifyChannelIds).HasDefaultValueSql("'{}'");
        // One-off or recurring, never half of each: what the schedule reads depends on which.
        window.ToTable(t => t.HasCheckConstraint(
            "ck_maintenance_windows_one_off_or_recurring",
            "(starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at AND cron IS NULL AND time_zone IS NULL AND duration_minutes IS NULL)"
            + " OR (starts_at IS NULL AND ends_at IS NULL AND cron IS NOT NULL AND time_zone IS NOT NULL AND duration_minutes > 0)"));
    }
}

internal sealed class StatusPageConfiguration : IEntityTypeConfiguration<StatusPage>
{
    public void Configure(EntityTypeBuilder<StatusPage> page)
    {
        page.ToTable("status_pages");
        page.HasKey(p => p.Id);
        page.Property(p => p.Slug).HasMaxLength(63);
        page.HasIndex(p => p.Slug).IsUnique();
        page.Property(p => p.Title).HasMaxLength(200);
        page.Property(p => p.Description).HasMaxLength(2000);
        page.Property(p => p.LogoUrl).HasMaxLength(2000);
        page.Property(p => p.CustomDomain).HasMaxLength(253);
        page.HasIndex(p => p.CustomDomain).IsUnique();
        page.Property(p => p.Groups).AsJsonList();
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> incident)
    {
        incident.ToTable("incidents");
        incident.HasKey(i => i.Id);
        incident.Property(i => i.Title).HasMaxLength(200);
        incident.Property(i => i.MonitorIds).HasDefaultValueSql("'{}'");
        // A status page's read: incidents touching any of its monitors.
        incident.HasIndex(i => i.MonitorIds).HasMethod("gin");
        incident.HasIndex(i => i.CreatedAt);
        incident.HasMany(i => i.Updates).WithOne().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentUpdateConfiguration : IEntityTypeConfiguration<IncidentUpdate>
{
    public void Configure(EntityTypeBuilder<IncidentUpdate> update)
    {
        update.ToTable("incident_updates");
        update.HasKey(u => u.Id);
        update.Property(u => u.Message).HasMaxLength(5000);
        update.HasIndex(u => new { u.IncidentId, u.CreatedAt });
    }
}

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicy>
{
    public void Configure(EntityTypeBuilder<EscalationPolicy> policy)
    {
        policy.ToTable("escalation_policies");
        policy.HasKey(p => p.Id);
        policy.Property(p => p.Name).HasMaxLength(200);
        policy.HasIndex(p => p.Name).IsUnique();
        policy.Property(p => p.Description).HasMaxLength(2000);
        policy.Property(p => p.Tags).HasDefaultValueSql("'{}'");
        policy.Property(p => p.Steps).AsJsonList();
    }
}

internal sealed class AcknowledgementConfiguration : IEntityTypeConfiguration<Acknowledgement>
{
    public void Configure(EntityTypeBuilder<Acknowledgement> acknowledgement)
    {
        acknowledgement.ToTable("acknowledgements");
        // One per outage: whoever comes second (another click, the link opened twice) finds it there.
        acknowledgement.HasKey(a => a.TransitionId);
        acknowledgement.Property(a => a.By).HasMaxLength(200);
        acknowledgement.Property(a => a.Note).HasMaxLength(1000);
        acknowledgement.HasIndex(a => a.MonitorId);
        acknowledgement.HasOne<StatusTransition>().WithOne().HasForeignKey<Acknowledgement>(a => a.TransitionId).OnDelete(DeleteBehavior.Cascade);
        acknowledgement.HasOne<MonitorDefinition>().WithMany().HasForeignKey(a => a.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> key)
    {
        key.ToTable("signing_keys");
        key.HasKey(k => k.Name);
        key.Property(k => k.Name).HasMaxLength(64);
    }
}

/// <summary>Identity's tables, named like ours rather than AspNetUsers.</summary>
internal sealed class DashboardUserConfiguration : IEntityTypeConfiguration<DashboardUser>
{
    public void Configure(EntityTypeBuilder<DashboardUser> user)
    {
        user.ToTable("users");
        user.Property(u => u.Role).HasMaxLength(16);
    }
}

internal sealed class DashboardUserTablesConfiguration :
    IEntityTypeConfiguration<IdentityUserClaim<Guid>>, IEntityTypeConfiguration<IdentityUserLogin<Guid>>,
    IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> claim) => claim.ToTable("user_claims");

    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> login) => login.ToTable("user_logins");

    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> token) => token.ToTable("user_tokens");
}
