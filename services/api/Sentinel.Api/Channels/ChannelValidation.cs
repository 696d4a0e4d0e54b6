using System.Net.Mail;
using Sentinel.Data;

namespace Sentinel.Api.Channels;

/// <summary>Turns a request into a channel, or into what is wrong with it, field by field.</summary>
public static class ChannelValidation
{
    public static readonly string[] Types = ["slack", "discord", "email", "webhook"];
    public const int MaxRecipients = 20;

    /// <summary>
    /// Validates <paramref name="request"/> onto <paramref name="channel"/>. A URL sent back exactly as the API
    /// showed it (masked) keeps the stored one, so a client can PUT what it read.
    /// </summary>
    public static Dictionary<string, string[]> Apply(ChannelRequest request, AlertChannel channel)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            Fail("name", "A name of 1 to 200 characters is required.");
        }

        var type = request.Type?.ToLowerInvariant();
        if (type is null || !Types.Contains(type))
        {
            Fail("type", $"Must be one of {string.Join(", ", Types)}.");
        }

        var config = request.Config ?? new ChannelConfigRequest();
        var webhookUrl = Unmask(config.WebhookUrl, channel.Config.WebhookUrl);
        var url = Unmask(config.Url, channel.Config.Url);
        var to = config.To?.Select(a => a.Trim()).ToList();
        switch (type)
        {
            case "slack" or "discord":
                RequireUrl("config.webhookUrl", webhookUrl);
                Forbid("config.url", url, type);
                Forbid("config.to", to, type);
                break;
            case "webhook":
                RequireUrl("config.url", url);
                Forbid("config.webhookUrl", webhookUrl, type);
                Forbid("config.to", to, type);
                break;
            case "email":
                if (to is not { Count: > 0 and <= MaxRecipients })
                {
                    Fail("config.to", $"Between 1 and {MaxRecipients} addresses are required.");
                }
                else if (to.FirstOrDefault(a => a.Length > 254 || !MailAddress.TryCreate(a, out _)) is { } bad)
                {
                    Fail("config.to", $"'{bad}' is not a mail address.");
                }

                Forbid("config.webhookUrl", webhookUrl, type);
                Forbid("config.url", url, type);
                break;
        }

        if (errors.Count == 0)
        {
            channel.Name = name!;
            channel.Type = type!;
            channel.Config = new ChannelConfig { WebhookUrl = webhookUrl, Url = url, To = to };
            channel.IsDefault = request.Default ?? false;
        }

        return errors;

        void RequireUrl(string field, string? value)
        {
            if (value is null || value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                Fail(field, "An http:// or https:// URL is required.");
            }
        }

        void Forbid(string field, object? value, string channelType)
        {
            if (value is not null)
            {
                Fail(field, $"Not used by {channelType} channels.");
            }
        }
    }

    private static string? Unmask(string? sent, string? stored) =>
        sent is not null && stored is not null && sent == SecretUrl.Mask(stored) ? stored : sent;
}
