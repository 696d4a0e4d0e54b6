using System.Text.Json.Serialization;
using Sentinel.Checks;

namespace Sentinel.Channels;

/// <summary>
/// Where and how one kind of channel (<see cref="ChannelKinds"/>) is told: the <c>config</c> of the api's channel
/// document. The api validates and masks it, the database stores it as it is (<see cref="ChannelSettingsJson"/>), the
/// alerter's sender for the kind reads it. Properties are the document's fields, named the same.
/// </summary>
public abstract record ChannelSettings
{
    /// <summary>The longest URL a channel takes.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The longest token, key or short text a channel takes.</summary>
    public const int MaxTextLength = 512;

    [JsonIgnore]
    public ChannelKind Kind => ChannelKinds.Of(GetType());

    /// <summary>
    /// Validates these settings as sent, adding each problem to <paramref name="errors"/> under its field name
    /// (<c>webhookUrl</c>), and returns the settings to store: defaults filled in, values trimmed, and secrets sent back
    /// masked replaced by those of <paramref name="stored"/>.
    /// </summary>
    public ChannelSettings Resolve(ChannelSettings? stored, CheckErrors errors) =>
        ResolveOwn(stored?.GetType() == GetType() ? stored : null, errors);

    /// <summary>The kind's own rules; <paramref name="stored"/> is null or of this settings' type.</summary>
    protected abstract ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors);

    /// <summary>These settings as the api shows them: secrets masked (<see cref="SecretUrl.Mask"/>, <see cref="SecretText.Mask"/>).</summary>
    public abstract ChannelSettings Masked();

    /// <summary>Where notices go, in a few words people may see (the channel list): a masked URL, the recipients.</summary>
    [JsonIgnore]
    public abstract string Destination { get; }

    /// <summary>
    /// The addresses the alerter connects to, by field: the api refuses those the outbound guard would (a channel's
    /// URL is user input like a monitor's). Empty for kinds that connect where the operator configured (email).
    /// </summary>
    public virtual IEnumerable<(string Field, Uri Url)> Endpoints() => [];

    /// <summary>
    /// Adds "An http:// or https:// URL is required." under <paramref name="field"/> unless <paramref name="url"/> is
    /// one (at most <see cref="MaxUrlLength"/> characters); the URL, trimmed, or null.
    /// </summary>
    protected static string? RequireUrl(string field, string? url, CheckErrors errors, bool required = true)
    {
        url = url?.Trim();
        if (url is null or "" && !required)
        {
            return null;
        }

        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            errors.Add(field, "An http:// or https:// URL is required.");
            return url;
        }

        return url;
    }

    /// <summary>Adds a message under <paramref name="field"/> unless <paramref name="text"/> has 1 to <paramref name="max"/> characters; the text, trimmed.</summary>
    protected static string? RequireText(string field, string? text, CheckErrors errors, int max = MaxTextLength, string? what = null)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > max)
        {
            errors.Add(field, $"{what ?? "A value"} of 1 to {max} characters is required.");
        }

        return text;
    }

    /// <summary>Adds a message under <paramref name="field"/> if <paramref name="text"/> is longer than <paramref name="max"/>; the text trimmed, null when empty.</summary>
    protected static string? OptionalText(string field, string? text, CheckErrors errors, int max = MaxTextLength)
    {
        text = text?.Trim();
        if (text?.Length > max)
        {
            errors.Add(field, $"At most {max} characters.");
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    protected static Uri[] Urls(params string?[] urls) =>
        urls.Where(u => u is not null).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>().ToArray();
}
