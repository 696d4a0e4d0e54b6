using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Ntfy;

/// <summary>
/// An ntfy topic on ntfy.sh or a server of one's own. Anyone who knows a topic on a public server can read it (ntfy
/// calls the topic "essentially a password"), so the topic is masked like the access token.
/// </summary>
public sealed partial record NtfyChannel : ChannelSettings
{
    public const string DefaultServerUrl = "https://ntfy.sh";

    /// <summary>ntfy's own limit on a topic's name.</summary>
    public const int MaxTopicLength = 64;

    [MaxLength(MaxUrlLength)]
    [Display(Name = "Server URL", Description = "Optional: your ntfy server; https://ntfy.sh when empty.")]
    public string? ServerUrl { get; init; }

    [MaxLength(MaxTopicLength)]
    [Display(Name = "Topic", Description = "Letters, digits, - and _, up to 64; pick one nobody can guess.")]
    public string? Topic { get; init; }

    [MaxLength(MaxTextLength)]
    [Display(Name = "Access token", Description = "Optional: an access token (tk_…) for a protected topic, sent as a Bearer token.")]
    public string? AccessToken { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var old = stored as NtfyChannel;
        var topic = SecretText.Unmask(Topic?.Trim(), old?.Topic);
        if (topic is null || !TopicName().IsMatch(topic))
        {
            errors.Add("topic", $"A topic of 1 to {MaxTopicLength} letters, digits, '-' or '_' is required.");
        }

        var token = OptionalText("accessToken", SecretText.Unmask(AccessToken?.Trim(), old?.AccessToken), errors);
        if (token is not null && !TokenText().IsMatch(token))
        {
            errors.Add("accessToken", "An access token has letters, digits, '.', '-' and '_' only.");
        }

        return new NtfyChannel
        {
            ServerUrl = RequireUrl("serverUrl", string.IsNullOrWhiteSpace(ServerUrl) ? DefaultServerUrl : ServerUrl, errors),
            Topic = topic,
            AccessToken = token,
        };
    }

    public override ChannelSettings Masked() => this with { Topic = SecretText.Mask(Topic), AccessToken = SecretText.Mask(AccessToken) };

    // [JsonIgnore] on the base property does not reach an override: without it the destination would be stored and shown.
    public override string Destination => $"{(Uri.TryCreate(ServerUrl, UriKind.Absolute, out var server) ? server.Authority : ServerUrl)} topic {SecretText.Mask(Topic)}";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(ServerUrl).Select(u => ("serverUrl", u));

    [GeneratedRegex("^[-_A-Za-z0-9]{1,64}$")]
    private static partial Regex TopicName();

    [GeneratedRegex("^[-_.A-Za-z0-9]+$")]
    private static partial Regex TokenText();
}
