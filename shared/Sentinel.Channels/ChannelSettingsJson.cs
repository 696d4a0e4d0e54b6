using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Checks;

namespace Sentinel.Channels;

/// <summary>
/// How <see cref="ChannelSettings"/> are written where they rest (the alert_channels table): camelCase fields named as
/// in the api's <c>config</c>, with the kind in a <c>type</c> field, from <see cref="ChannelKinds.All"/> (<see cref="KindedJson"/>).
/// </summary>
public static class ChannelSettingsJson
{
    public const string TypeField = "type";

    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(ChannelSettings settings) => JsonSerializer.Serialize(settings, Options);

    public static ChannelSettings Deserialize(string json) =>
        JsonSerializer.Deserialize<ChannelSettings>(json, Options) ?? throw new JsonException("Channel settings are required.");

    /// <summary>
    /// <paramref name="config"/> (the api's <c>config</c>, without a type) read as settings of <paramref name="kind"/>;
    /// throws <see cref="JsonException"/> naming the field that does not fit (an unknown one, a wrong type).
    /// </summary>
    public static ChannelSettings Read(ChannelKind kind, JsonObject config)
    {
        var typed = new JsonObject { [TypeField] = kind.Name };
        foreach (var (field, value) in config)
        {
            if (field != TypeField)
            {
                typed[field] = value?.DeepClone();
            }
        }

        return typed.Deserialize<ChannelSettings>(Options) ?? throw new JsonException("Channel settings are required.");
    }

    /// <summary>The settings as the api's <c>config</c>: their fields, without the type.</summary>
    public static JsonObject Show(ChannelSettings settings)
    {
        var shown = JsonSerializer.SerializeToNode(settings, Options)!.AsObject();
        shown.Remove(TypeField);
        return shown;
    }

    /// <summary>The fields of <paramref name="kind"/>'s settings as the api's <c>config</c> names them, in order.</summary>
    public static IReadOnlyList<string> Fields(ChannelKind kind) => Options.GetTypeInfo(kind.SettingsType).Properties.Select(p => p.Name).ToList();

    private static JsonSerializerOptions Create() =>
        KindedJson.Create(typeof(ChannelSettings), TypeField, ChannelKinds.All.Select(k => (k.SettingsType, k.Name)));
}
