using Sentinel.Api.Monitors;
using Sentinel.Api.PublicPages;
using Sentinel.Data;
using static Sentinel.Api.Monitors.MonitorStatusName;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary>The banner's one rule (<see cref="PublicStatusPage.OverallOf"/>).</summary>
public sealed class BannerTests
{
    private static OverallStatus Of(MonitorStatusName[] monitors, params IncidentImpact[] openIncidents) =>
        PublicStatusPage.OverallOf(monitors, openIncidents);

    [Fact]
    public void Monitors_all_up_or_pending_are_operational() =>
        Assert.Equal(OverallStatus.Operational, Of([Up, Pending, Up]));

    [Fact]
    public void Some_down_is_a_partial_outage_and_all_down_a_major_one()
    {
        Assert.Equal(OverallStatus.PartialOutage, Of([Up, Down]));
        Assert.Equal(OverallStatus.MajorOutage, Of([Down, Down]));
    }

    [Fact]
    public void Maintenance_shows_when_nothing_is_down_and_gives_way_to_an_outage()
    {
        Assert.Equal(OverallStatus.Maintenance, Of([Up, MonitorStatusName.Maintenance]));
        Assert.Equal(OverallStatus.PartialOutage, Of([Down, MonitorStatusName.Maintenance]));
    }

    [Fact]
    public void A_degraded_monitor_is_degraded_performance_above_maintenance_and_below_an_outage()
    {
        Assert.Equal(OverallStatus.DegradedPerformance, Of([Up, Degraded]));
        Assert.Equal(OverallStatus.DegradedPerformance, Of([Degraded, MonitorStatusName.Maintenance]));
        Assert.Equal(OverallStatus.PartialOutage, Of([Degraded, Down]));
        Assert.Equal(OverallStatus.PartialOutage, Of([Degraded], IncidentImpact.Major));
    }

    [Fact]
    public void Paused_monitors_count_for_nothing()
    {
        Assert.Equal(OverallStatus.Operational, Of([Paused]));
        Assert.Equal(OverallStatus.MajorOutage, Of([Down, Paused]));
    }

    [Fact]
    public void An_open_major_incident_makes_it_at_least_a_partial_outage_and_a_critical_one_a_major_outage()
    {
        Assert.Equal(OverallStatus.PartialOutage, Of([Up], IncidentImpact.Major));
        Assert.Equal(OverallStatus.MajorOutage, Of([Up], IncidentImpact.Critical));
        Assert.Equal(OverallStatus.MajorOutage, Of([Down, Down], IncidentImpact.Major));
        Assert.Equal(OverallStatus.Operational, Of([Up], IncidentImpact.Minor, IncidentImpact.None));
    }
}
