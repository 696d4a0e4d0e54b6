using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Gotify;

/// <summary>A Gotify server and the token of an application on it; the token is the credential.</summary>
public sealed partial record GotifyChannel : ChannelSettings
{
    [MaxLength(MaxUrlLength)]
    [Display(Name = "Server URL", Description = "Your Gotify server, e.g. https://gotify.example.com.")]
    public string? ServerUrl { get; init; }

    [MaxLength(MaxTextLength)]
    [Display(Name = "Application token", Description = "The token of a Gotify application (Apps → Create Application).")]
    public string? AppToken { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var token = RequireText("appToken", SecretText.Unmask(AppToken?.Trim(), (stored as GotifyChannel)?.AppToken), errors, what: "An application token");
        if (token is { Length: > 0 and <= MaxTextLength } && !TokenText().IsMatch(token))
        {
            errors.Add("appToken", "An application token has letters, digits, '.', '-' and '_' only.");
        }

        return new GotifyChannel { ServerUrl = RequireUrl("serverUrl", ServerUrl, errors), AppToken = token };
    }

    public override ChannelSettings Masked() => this with { AppToken = SecretText.Mask(AppToken) };

    // [JsonIgnore] on the base property does not reach an override: without it the destination would be stored and shown.
    public override string Destination => ServerUrl ?? "";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(ServerUrl).Select(u => ("serverUrl", u));

    [GeneratedRegex("^[-_.A-Za-z0-9]+$")]
    private static partial Regex TokenText();
}
