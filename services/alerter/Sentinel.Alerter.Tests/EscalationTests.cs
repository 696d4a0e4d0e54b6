using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Contracts;
using Sentinel.Channels;
using Sentinel.Data;

namespace Sentinel.Alerter.Tests;

/// <summary>
/// Escalation steps, acknowledgement and recovery as the alerter carries them out. "After N minutes" is reached by
/// moving the outage's start back in the database, never by waiting.
/// </summary>
public sealed partial class EscalationTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new() { Settings = new Dictionary<string, string> { ["Alerter:PublicUrl"] = "https://sentinel.example/" } };

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private async Task SweepAsync()
    {
        var sweep = _alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));
    }

    private async Task<EscalationPolicy> AddPolicyAsync(string name, List<string> tags, params (int Delay, AlertChannel[] Channels)[] steps)
    {
        var policy = new EscalationPolicy
        {
            Id = Guid.CreateVersion7(), Name = name, Tags = tags,
            Steps = steps.Select(s => new EscalationStep(s.Delay, s.Channels.Select(c => c.Id).ToList())).ToList(),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        await using var db = _alerter.Database.CreateDbContext();
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync();
        return policy;
    }

    /// <summary>The monitor goes down, as the recorder records and announces it, and the alerter has handled the DOWN.</summary>
    private async Task<MonitorStatusChanged> GoesDownAsync(MonitorDefinition monitor)
    {
        var down = await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);
        await using (var db = _alerter.Database.CreateDbContext())
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = monitor.Id, State = MonitorState.Down, LastCheckedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await _alerter.NotifyAsync(down);
        return down;
    }

    private async Task HasBeenDownForAsync(MonitorStatusChanged down, TimeSpan span)
    {
        await using var db = _alerter.Database.CreateDbContext();
        var at = DateTime.UtcNow - span;
        await db.StatusTransitions.Where(t => t.Id == down.TransitionId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ChangedAt, at));
    }

    [Fact]
    public async Task A_later_step_is_told_once_its_delay_has_passed_and_only_once()
    {
        var own = await _alerter.AddChannelAsync("slack", "own");
        var first = await _alerter.AddChannelAsync("slack", "first-line");
        var second = await _alerter.AddChannelAsync("slack", "second-line");
        var policy = await AddPolicyAsync("on call", [], (0, [first]), (10, [second]));
        var monitor = await _alerter.AddMonitorAsync([own], escalationPolicyId: policy.Id);

        var down = await GoesDownAsync(monitor);
        await HasBeenDownForAsync(down, TimeSpan.FromMinutes(9));
        await SweepAsync();

        Assert.Contains("DOWN: checkout", Assert.Single(_alerter.Receiver.At("own")).Body);
        var firstNotice = Assert.Single(_alerter.Receiver.At("first-line")).Body;
        Assert.Contains("ESCALATED: checkout", firstNotice);
        Assert.Contains("step 1: not acknowledged when it went down", firstNotice);
        Assert.Empty(_alerter.Receiver.At("second-line"));

        await HasBeenDownForAsync(down, TimeSpan.FromMinutes(11));
        await SweepAsync();
        await SweepAsync();

        var secondNotice = Assert.Single(_alerter.Receiver.At("second-line")).Body;
        Assert.Contains("ESCALATED: checkout", secondNotice);
        Assert.Contains("step 2: not acknowledged after 10 min", secondNotice);
        Assert.Single(_alerter.Receiver.At("first-line"));
        await using var db = _alerter.Database.CreateDbContext();
        var steps = await db.NotificationDeliveries.Where(d => d.Kind == NotificationKind.Escalation).OrderBy(d => d.Sequence).Select(d => d.Sequence).ToListAsync();
        Assert.Equal([0, 1], steps);
    }

    [Fact]
    public async Task An_acknowledged_outage_gets_no_further_step_and_no_reminder()
    {
        var own = await _alerter.AddChannelAsync("slack", "own");
        var second = await _alerter.AddChannelAsync("slack", "second-line");
        var policy = await AddPolicyAsync("on call", [], (5, [second]));
        var monitor = await _alerter.AddMonitorAsync([own], reminderIntervalMinutes: 1, escalationPolicyId: policy.Id);
        var down = await GoesDownAsync(monitor);
        await using (var db = _alerter.Database.CreateDbContext())
        {
            db.Acknowledgements.Add(new Acknowledgement
            {
                TransitionId = down.TransitionId, MonitorId = monitor.Id, At = DateTime.UtcNow, By = "alice", Via = AcknowledgementVia.Api,
            });
            await db.SaveChangesAsync();
        }

        await HasBeenDownForAsync(down, TimeSpan.FromMinutes(30));
        await SweepAsync();

        Assert.Single(_alerter.Receiver.At("own"));
        Assert.Empty(_alerter.Receiver.At("second-line"));
    }

    [Fact]
    public async Task Monitors_carrying_a_policys_tag_use_it_unless_they_name_another()
    {
        var tagged = await _alerter.AddChannelAsync("slack", "by-tag");
        var named = await _alerter.AddChannelAsync("slack", "by-name");
        await AddPolicyAsync("payments", ["team:payments"], (0, [tagged]));
        var own = await AddPolicyAsync("own", [], (0, [named]));

        await GoesDownAsync(await _alerter.AddMonitorAsync([], tags: ["team:payments"]));
        await GoesDownAsync(await _alerter.AddMonitorAsync([], tags: ["team:payments"], escalationPolicyId: own.Id));

        Assert.Single(_alerter.Receiver.At("by-tag"));
        Assert.Single(_alerter.Receiver.At("by-name"));
    }

    [Fact]
    public async Task Recovery_is_told_to_every_channel_told_of_the_outage()
    {
        var own = await _alerter.AddChannelAsync("slack", "own");
        var second = await _alerter.AddChannelAsync("slack", "second-line");
        var never = await _alerter.AddChannelAsync("slack", "never-reached");
        var policy = await AddPolicyAsync("on call", [], (5, [second]), (60, [never]));
        var monitor = await _alerter.AddMonitorAsync([own], escalationPolicyId: policy.Id);
        var down = await GoesDownAsync(monitor);
        await HasBeenDownForAsync(down, TimeSpan.FromMinutes(6));
        await SweepAsync();

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up));

        Assert.Contains("UP: checkout", _alerter.Receiver.At("own")[^1].Body);
        Assert.Equal(2, _alerter.Receiver.At("second-line").Count);
        Assert.Contains("UP: checkout", _alerter.Receiver.At("second-line")[^1].Body);
        Assert.Empty(_alerter.Receiver.At("never-reached"));
    }

    [Fact]
    public async Task Down_notices_carry_a_signed_link_that_acknowledges_that_outage_only()
    {
        var own = await _alerter.AddChannelAsync("slack", "own");
        var monitor = await _alerter.AddMonitorAsync([own]);

        var down = await GoesDownAsync(monitor);

        var link = AcknowledgeLink().Match(Assert.Single(_alerter.Receiver.At("own")).Body);
        Assert.True(link.Success, "the DOWN notice has an acknowledge link under Alerter:PublicUrl");
        await using var db = _alerter.Database.CreateDbContext();
        var key = await AcknowledgeTokens.ReadKeyAsync(db, CancellationToken.None);
        var token = AcknowledgeTokens.Read(key, link.Groups[1].Value);
        Assert.NotNull(token);
        Assert.Equal((monitor.Id, down.TransitionId), (token.MonitorId, token.TransitionId));
        Assert.InRange(token.ExpiresAt, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(25));
    }

    [GeneratedRegex(@"https://sentinel\.example/ack/([A-Za-z0-9_-]+)")]
    private static partial Regex AcknowledgeLink();
}
