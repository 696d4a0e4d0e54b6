using System.ComponentModel.DataAnnotations;
using System.Reflection;
using MimeKit;
using Sentinel.Data;

namespace Sentinel.Api.Channels;

/// <summary>Turns a request into a channel, or into what is wrong with it, field by field.</summary>
public static class ChannelValidation
{
    // The types as ChannelRequest declares them: its attribute is also what the OpenAPI document shows.
    public static readonly string[] Types =
        [.. typeof(ChannelRequest).GetProperty(nameof(ChannelRequest.Type))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values.Cast<string>()];

    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MaxRecipients = 20;

    /// <summary>The longest mail address (RFC 5321's path limit, less its angle brackets).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>
    /// Validates <paramref name="request"/> onto <paramref name="channel"/>. A URL sent back exactly as the API
    /// showed it (masked) keeps the stored one, so a client can PUT what it read.
    /// </summary>
    public static Dictionary<string, string[]> Apply(ChannelRequest request, AlertChannel channel)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            Fail("name", $"A name of 1 to {MaxNameLength} characters is required.");
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
                else if (to.FirstOrDefault(a => !IsMailAddress(a)) is { } bad)
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
            if (value is null || value.Length > MaxUrlLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
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

    /// <summary>
    /// Whether the alerter can send to <paramref name="address"/>: read by MimeKit, the parser it sends with (.NET's
    /// MailAddress takes addresses MimeKit refuses, such as <c>x.@example.com</c>), and with a domain, which MimeKit
    /// does not insist on.
    /// </summary>
    private static bool IsMailAddress(string address) =>
        address.Length <= MaxAddressLength && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Domain.Length > 0;

    private static string? Unmask(string? sent, string? stored) =>
        sent is not null && stored is not null && sent == SecretUrl.Mask(stored) ? stored : sent;
}
