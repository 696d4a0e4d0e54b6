using System.Text.Json;

namespace Sentinel.Checks;

/// <summary>
/// How a <see cref="CheckSpec"/> is written wherever it travels or rests (the monitors table, <c>RunCheck</c>): camelCase
/// fields named as in the api, with its kind in a <c>kind</c> field, from <see cref="CheckKinds.All"/> (<see cref="KindedJson"/>).
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

    private static JsonSerializerOptions Create() =>
        KindedJson.Create(typeof(CheckSpec), KindField, CheckKinds.All.Select(k => (k.SpecType, k.Name)));
}
