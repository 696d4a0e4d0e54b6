using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sentinel.Channels;

/// <summary>
/// How <see cref="ChannelSettings"/> are written where they rest (the alert_channels table): camelCase fields named as
/// in the api's <c>config</c>, with the kind in a <c>type</c> field, from <see cref="ChannelKinds.All"/>.
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

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // jsonb keeps an object's keys in its own order, so the type may come anywhere.
            AllowOutOfOrderMetadataProperties = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddKinds, KeepSettableOnly } },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Settings' fields are what can be set (init properties): what is derived from them (<see cref="ChannelSettings.Destination"/>,
    /// an override's [JsonIgnore] not being inherited) is neither stored nor shown, and a document cannot name it.
    /// </summary>
    private static void KeepSettableOnly(JsonTypeInfo type)
    {
        if (!typeof(ChannelSettings).IsAssignableFrom(type.Type) || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var derived in type.Properties.Where(p => p.Set is null).ToList())
        {
            type.Properties.Remove(derived);
        }
    }

    private static void AddKinds(JsonTypeInfo type)
    {
        if (type.Type != typeof(ChannelSettings))
        {
            return;
        }

        type.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = TypeField,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var kind in ChannelKinds.All)
        {
            type.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kind.SettingsType, kind.Name));
        }
    }
}
