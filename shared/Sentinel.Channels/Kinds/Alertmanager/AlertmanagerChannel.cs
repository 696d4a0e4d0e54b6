using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Alertmanager;

/// <summary>
/// A Prometheus Alertmanager (or a cluster's address in front of several): Sentinel posts alerts to its
/// <c>/api/v2/alerts</c>. The URL is masked like a webhook's, in case a proxy in front carries a credential in it.
/// </summary>
public sealed record AlertmanagerChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Alertmanager URL", Description = "Its address, with any route prefix: http://alertmanager:9093")]
    public string? Url { get; init; }

    [MaxLength(MaxUrlLength)]
    [Display(Name = "Sentinel URL", Description = "Optional: where people open Sentinel's dashboard, so each alert links to its monitor (generatorURL).")]
    public string? DashboardUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors) => new AlertmanagerChannel
    {
        Url = RequireUrl("url", SecretUrl.Unmask(Url, (stored as AlertmanagerChannel)?.Url), errors)?.TrimEnd('/'),
        DashboardUrl = RequireUrl("dashboardUrl", DashboardUrl, errors, required: false)?.TrimEnd('/'),
    };

    public override ChannelSettings Masked() => this with { Url = SecretUrl.Mask(Url) };

    public override string Destination => SecretUrl.Mask(Url) ?? "";

    // The dashboard URL is only written into alerts for people to follow; the alerter never connects to it.
    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(Url).Select(u => ("url", u));
}
