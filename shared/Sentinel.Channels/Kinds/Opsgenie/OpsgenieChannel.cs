using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Opsgenie;

/// <summary>An Opsgenie API integration: its API key is the credential.</summary>
public sealed record OpsgenieChannel : ChannelSettings
{
    public const string DefaultApiUrl = "https://api.opsgenie.com";
    public const string EuApiUrl = "https://api.eu.opsgenie.com";

    // The priorities as Priority declares them, for the OpenAPI document and the dashboard's select too.
    private static readonly object?[] Priorities = typeof(OpsgenieChannel).GetProperty(nameof(Priority))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values;

    [MaxLength(MaxTextLength)]
    [Display(Name = "API key", Description = "The key of an API integration (Settings → Integrations → API), allowed to create and update alerts.")]
    public string? ApiKey { get; init; }

    [MaxLength(2)]
    [AllowedValues("P1", "P2", "P3", "P4", "P5")]
    [Display(Name = "Priority", Description = "The priority of the alerts a DOWN creates; P3 is Opsgenie's own default.")]
    public string Priority { get; init; } = "P3";

    [MaxLength(MaxUrlLength)]
    [Display(Name = "API URL", Description = "https://api.opsgenie.com, or https://api.eu.opsgenie.com for an account in Opsgenie's EU region.")]
    public string? ApiUrl { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var priority = Priority?.Trim().ToUpperInvariant();
        if (!Priorities.Contains(priority))
        {
            errors.Add("priority", $"Must be one of {string.Join(", ", Priorities)}.");
        }

        return new OpsgenieChannel
        {
            ApiKey = RequireText("apiKey", SecretText.Unmask(ApiKey?.Trim(), (stored as OpsgenieChannel)?.ApiKey), errors, what: "An API key"),
            Priority = priority ?? "",
            ApiUrl = RequireUrl("apiUrl", ApiUrl, errors, required: false)?.TrimEnd('/') ?? DefaultApiUrl,
        };
    }

    public override ChannelSettings Masked() => this with { ApiKey = SecretText.Mask(ApiKey) };

    public override string Destination => $"Opsgenie {(ApiUrl == EuApiUrl ? "EU " : "")}key {SecretText.Mask(ApiKey)}";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(ApiUrl ?? DefaultApiUrl).Select(u => ("apiUrl", u));
}
