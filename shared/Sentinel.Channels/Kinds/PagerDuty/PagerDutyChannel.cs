using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.PagerDuty;

/// <summary>A PagerDuty service's Events API v2 integration: its integration (routing) key is the credential.</summary>
public sealed record PagerDutyChannel : ChannelSettings
{
    public const string DefaultEventsUrl = "https://events.pagerduty.com/v2/enqueue";

    /// <summary>PagerDuty's integration keys are 32 characters.</summary>
    public const int RoutingKeyLength = 32;

    // The severities as Severity declares them, for the OpenAPI document and the dashboard's select too.
    private static readonly object?[] Severities = typeof(PagerDutyChannel).GetProperty(nameof(Severity))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values;

    [MaxLength(RoutingKeyLength)]
    [Display(Name = "Integration key", Description = "The service's Events API v2 integration key (Integrations → Add integration → Events API V2), 32 characters.")]
    public string? RoutingKey { get; init; }

    [MaxLength(16)]
    [AllowedValues("critical", "error", "warning", "info")]
    [Display(Name = "Severity", Description = "The severity of the incidents a DOWN triggers; PagerDuty's urgency rules may read it.")]
    public string Severity { get; init; } = "critical";

    [MaxLength(MaxUrlLength)]
    [Display(Name = "Events URL", Description = "Where events go: PagerDuty's own address unless you pass them through a proxy.")]
    public string? EventsUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var key = SecretText.Unmask(RoutingKey?.Trim(), (stored as PagerDutyChannel)?.RoutingKey);
        if (key is not { Length: RoutingKeyLength } || !key.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("routingKey", $"The integration key of {RoutingKeyLength} letters and digits is required.");
        }

        var severity = Severity?.Trim().ToLowerInvariant();
        if (!Severities.Contains(severity))
        {
            errors.Add("severity", $"Must be one of {string.Join(", ", Severities)}.");
        }

        return new PagerDutyChannel
        {
            RoutingKey = key,
            Severity = severity ?? "",
            EventsUrl = RequireUrl("eventsUrl", EventsUrl, errors, required: false) ?? DefaultEventsUrl,
        };
    }

    public override ChannelSettings Masked() => this with { RoutingKey = SecretText.Mask(RoutingKey) };

    public override string Destination => $"PagerDuty integration {SecretText.Mask(RoutingKey)}";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(EventsUrl ?? DefaultEventsUrl).Select(u => ("eventsUrl", u));
}
