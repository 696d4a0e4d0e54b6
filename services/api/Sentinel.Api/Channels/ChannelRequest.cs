using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;

namespace Sentinel.Api.Channels;

/// <summary>The body of POST and PUT /api/v1/channels.</summary>
/// <remarks>
/// The validation attributes state <see cref="ChannelValidation"/>'s limits for the OpenAPI document; the rules, with
/// their messages, are <see cref="ChannelValidation.Apply"/>, which takes the types from here.
/// </remarks>
public sealed record ChannelRequest
{
    [MaxLength(ChannelValidation.MaxNameLength)]
    public string? Name { get; init; }

    [AllowedValues("slack", "discord", "email", "webhook")]
    public string? Type { get; init; }

    public ChannelConfigRequest? Config { get; init; }
    public bool? Default { get; init; }
}

/// <summary><c>webhookUrl</c> for slack and discord, <c>to</c> for email, <c>url</c> for webhook.</summary>
public sealed record ChannelConfigRequest
{
    [MaxLength(ChannelValidation.MaxUrlLength)]
    public string? WebhookUrl { get; init; }

    [MaxLength(ChannelValidation.MaxUrlLength)]
    public string? Url { get; init; }

    [MaxLength(ChannelValidation.MaxRecipients)]
    [Items(MaxLength = ChannelValidation.MaxAddressLength)]
    public List<string>? To { get; init; }
}
