using System.Text.Json;

namespace Sentinel.Api.Http;

/// <summary>The fields of the documents the api shows and reads, by their JSON names.</summary>
public static class DocumentFields
{
    public static IReadOnlySet<string> Of(JsonSerializerOptions json, Type type) =>
        json.GetTypeInfo(type).Properties.Where(p => !p.IsExtensionData).Select(p => p.Name).ToHashSet();

    /// <summary>
    /// Fields the api shows (<paramref name="shown"/>) but nobody sets (<paramref name="sent"/>): id, timestamps,
    /// status. A client may send them back unchanged, to PUT what it read; they are ignored.
    /// </summary>
    public static IReadOnlySet<string> ReadOnly(JsonSerializerOptions json, Type shown, Type sent) =>
        Of(json, shown).Except(Of(json, sent)).ToHashSet();
}
