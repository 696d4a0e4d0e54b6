using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sentinel.Checks;

/// <summary>
/// How a <see cref="CheckSpec"/> is written wherever it travels or rests (the monitors table, <c>RunCheck</c>): camelCase
/// fields named as in the api, with its kind in a <c>kind</c> field first, from <see cref="CheckKinds.All"/>.
/// </summary>
public static class CheckSpecJson
{
    public const string KindField = "kind";

    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(CheckSpec spec) => JsonSerializer.Serialize(spec, Options);

    public static JsonElement ToElement(CheckSpec spec) => JsonSerializer.SerializeToElement(spec, Options);

    public static CheckSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<CheckSpec>(json, Options) ?? throw new JsonException("A check spec is required.");

    public static CheckSpec Deserialize(JsonElement json) =>
        json.Deserialize<CheckSpec>(Options) ?? throw new JsonException("A check spec is required.");

    /// <summary>The JSON field names of <paramref name="kind"/>'s spec, <c>kind</c> included.</summary>
    public static IReadOnlySet<string> Fields(CheckKind kind) => FieldsByKind[kind.Name];

    // Settable properties only: a [JsonIgnore]d one stays in the contract, without a getter or setter.
    private static readonly Dictionary<string, IReadOnlySet<string>> FieldsByKind = CheckKinds.All.ToDictionary(
        k => k.Name,
        k => (IReadOnlySet<string>)Options.GetTypeInfo(k.SpecType).Properties.Where(p => p.Set is not null).Select(p => p.Name).Append(KindField).ToHashSet());

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A number is a number: the web defaults would also read "10" as 10, which the api's schema does not say.
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // jsonb keeps an object's keys in its own order, so the kind may come anywhere.
            AllowOutOfOrderMetadataProperties = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddKinds, KeepSettableOnly } },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// A spec's fields are what can be set (init properties): derived ones (a parsed URL, a timeout as a TimeSpan) are
    /// neither stored, sent nor shown, and a document cannot name them.
    /// </summary>
    private static void KeepSettableOnly(JsonTypeInfo type)
    {
        if (!typeof(CheckSpec).IsAssignableFrom(type.Type) || type.Kind != JsonTypeInfoKind.Object)
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
        if (type.Type != typeof(CheckSpec))
        {
            return;
        }

        type.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = KindField,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var kind in CheckKinds.All)
        {
            type.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kind.SpecType, kind.Name));
        }
    }
}
