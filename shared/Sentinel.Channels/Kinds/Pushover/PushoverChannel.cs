using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Pushover;

/// <summary>A Pushover application token and the user or group key to tell; both are credentials.</summary>
public sealed partial record PushoverChannel : ChannelSettings
{
    public const string DefaultApiUrl = "https://api.pushover.net/1/messages.json";

    /// <summary>Pushover's tokens and user keys: 30 letters and digits.</summary>
    public const int KeyLength = 30;

    [MaxLength(MaxUrlLength)]
    [Display(Name = "API URL", Description = "Optional: https://api.pushover.net/1/messages.json when empty; a proxy's address otherwise.")]
    public string? ApiUrl { get; init; }

    [MaxLength(KeyLength)]
    [Display(Name = "Application token", Description = "The API token of your Pushover application (Create an Application/API Token).")]
    public string? AppToken { get; init; }

    [MaxLength(KeyLength)]
    [Display(Name = "User key", Description = "The user or group key to tell, from your Pushover dashboard.")]
    public string? UserKey { get; init; }

    [MaxLength(MaxTextLength)]
    [Display(Name = "Devices", Description = "Optional: device names, comma-separated; all the user's devices when empty.")]
    public string? Device { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var old = stored as PushoverChannel;
        var token = Key("appToken", SecretText.Unmask(AppToken?.Trim(), old?.AppToken), "An application token", errors);
        var user = Key("userKey", SecretText.Unmask(UserKey?.Trim(), old?.UserKey), "A user or group key", errors);
        var devices = OptionalText("device", Device, errors)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (devices?.FirstOrDefault(d => !DeviceName().IsMatch(d)) is { } bad)
        {
            errors.Add("device", $"'{bad}' is not a device name: up to 25 letters, digits, '-' or '_'.");
        }

        return new PushoverChannel
        {
            ApiUrl = RequireUrl("apiUrl", string.IsNullOrWhiteSpace(ApiUrl) ? DefaultApiUrl : ApiUrl, errors),
            AppToken = token,
            UserKey = user,
            Device = devices is { Length: > 0 } ? string.Join(",", devices) : null,
        };
    }

    public override ChannelSettings Masked() => this with { AppToken = SecretText.Mask(AppToken), UserKey = SecretText.Mask(UserKey) };

    // [JsonIgnore] on the base property does not reach an override: without it the destination would be stored and shown.
    public override string Destination => $"user {SecretText.Mask(UserKey)}{(Device is null ? "" : $" ({Device})")}";

    public override IEnumerable<(string Field, Uri Url)> Endpoints() => Urls(ApiUrl).Select(u => ("apiUrl", u));

    private static string? Key(string field, string? key, string what, CheckErrors errors)
    {
        if (key is null || !KeyText().IsMatch(key))
        {
            errors.Add(field, $"{what} of {KeyLength} letters and digits is required.");
        }

        return key;
    }

    [GeneratedRegex("^[A-Za-z0-9]{30}$")]
    private static partial Regex KeyText();

    [GeneratedRegex("^[-_A-Za-z0-9]{1,25}$")]
    private static partial Regex DeviceName();
}
