using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.Http;
using Sentinel.Channels;
using Sentinel.Checks;

namespace Sentinel.Api.Channels;

/// <summary>A channel as a valid request describes it, ready to be put on a new or a stored channel.</summary>
public sealed record ChannelDraft(string Name, ChannelSettings Settings, bool IsDefault, bool NotifyDegraded);

/// <summary>Turns a request into a channel, or into what is wrong with it, field by field.</summary>
public static class ChannelValidation
{
    public const int MaxNameLength = 200;
    public const int MaxTypeLength = 32;

    /// <summary>
    /// Validates <paramref name="request"/>: the channel it describes, or the errors by field (<c>config.webhookUrl</c>).
    /// A secret sent back exactly as the api showed it (masked) keeps <paramref name="stored"/>'s, so a client can PUT
    /// what it read.
    /// </summary>
    public static (ChannelDraft? Draft, Dictionary<string, string[]> Errors) Read(ChannelRequest request, ChannelSettings? stored)
    {
        var errors = new CheckErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"A name of 1 to {MaxNameLength} characters is required.");
        }

        var kind = ChannelKinds.Named(request.Type?.Trim().ToLowerInvariant());
        if (kind is null)
        {
            errors.Add("type", $"Must be one of {ChannelKinds.NameList}.");
            return (null, errors.ToDictionary());
        }

        // A field of another kind (left over from a change of type) is named with the fields this kind takes; the
        // others are still read, so one answer says all that is wrong.
        var config = request.Config ?? new JsonObject();
        var fields = ChannelSettingsJson.Fields(kind);
        foreach (var unknown in config.Select(f => f.Key).Where(f => !fields.Contains(f)))
        {
            errors.Add($"config.{unknown}", $"Not a field of {kind.Name} channels, which take {string.Join(", ", fields)}.");
        }

        config = new JsonObject(config.Where(f => fields.Contains(f.Key)).Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())));

        ChannelSettings? settings = null;
        try
        {
            var own = new CheckErrors();
            settings = ChannelSettingsJson.Read(kind, config).Resolve(stored, own);
            foreach (var (field, messages) in own.ToDictionary())
            {
                errors.Add($"config.{field}", messages[0]);
            }
        }
        catch (JsonException ex)
        {
            var field = JsonErrors.Field(ex);
            errors.Add(field == "$" ? "config" : $"config.{field}", JsonErrors.Describe(ex));
        }

        return errors.Count == 0 ? (new ChannelDraft(name!, settings!, request.Default ?? false, request.NotifyDegraded ?? false), errors.ToDictionary()) : (null, errors.ToDictionary());
    }
}
