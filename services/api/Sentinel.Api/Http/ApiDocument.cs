using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sentinel.Api.Http;

/// <summary>
/// A resource as the api shows it (<typeparamref name="TShown"/>) and reads it (<typeparamref name="TSent"/>). What it
/// showed may be sent back as it is: the fields only shown (id, timestamps) are ignored.
/// </summary>
public sealed class ApiDocument<TShown, TSent>(JsonSerializerOptions json) where TSent : class
{
    private readonly IReadOnlySet<string> _readOnlyFields = DocumentFields.ReadOnly(json, typeof(TShown), typeof(TSent));

    public JsonObject Show(TShown shown) => JsonSerializer.SerializeToNode(shown, json)!.AsObject();

    /// <summary>The request <paramref name="document"/> holds, or null and the error naming the field that does not fit.</summary>
    public (TSent? Request, IReadOnlyDictionary<string, string[]>? Errors) Read(JsonObject document)
    {
        if (StoredText.Refusal(document) is { } refused)
        {
            return (null, new Dictionary<string, string[]> { [refused.Field] = [refused.Message] });
        }

        var sent = new JsonObject();
        foreach (var (field, value) in document.Where(f => !_readOnlyFields.Contains(f.Key)))
        {
            sent[field] = value?.DeepClone();
        }

        try
        {
            return JsonBody.Deserialize<TSent>(sent, json) is { } request
                ? (request, null)
                : (null, new Dictionary<string, string[]> { ["$"] = ["A JSON object is required."] });
        }
        catch (JsonException ex)
        {
            return (null, new Dictionary<string, string[]> { [JsonErrors.Field(ex)] = [JsonErrors.Describe(ex)] });
        }
    }
}
