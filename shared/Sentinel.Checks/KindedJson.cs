using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sentinel.Checks;

/// <summary>
/// JSON for a family of records told apart by one field (a check spec's <c>kind</c>, a channel's settings' <c>type</c>),
/// the same wherever they travel or rest: camelCase fields named as in the api, numbers only as numbers, unknown fields
/// refused, the discriminator anywhere in the object (jsonb keeps an object's keys in its own order), and only what can
/// be set (init properties): what is derived from them (a parsed URL, a timeout as a TimeSpan, a description) is
/// neither stored, sent nor shown, and a document cannot name it.
/// </summary>
public static class KindedJson
{
    public static JsonSerializerOptions Create(Type baseType, string discriminator, IEnumerable<(Type Type, string Name)> kinds)
    {
        var derived = kinds.ToList();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A number is a number: the web defaults would also read "10" as 10, which the api's schema does not say.
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowOutOfOrderMetadataProperties = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers = { type => AddKinds(type, baseType, discriminator, derived), type => KeepSettableOnly(type, baseType) },
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void KeepSettableOnly(JsonTypeInfo type, Type baseType)
    {
        if (!baseType.IsAssignableFrom(type.Type) || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        // A [JsonIgnore]d property stays in the contract without a getter or setter; an override does not inherit one.
        foreach (var property in type.Properties.Where(p => p.Set is null).ToList())
        {
            type.Properties.Remove(property);
        }
    }

    private static void AddKinds(JsonTypeInfo type, Type baseType, string discriminator, List<(Type Type, string Name)> kinds)
    {
        if (type.Type != baseType)
        {
            return;
        }

        type.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (kindType, name) in kinds)
        {
            type.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kindType, name));
        }
    }
}
