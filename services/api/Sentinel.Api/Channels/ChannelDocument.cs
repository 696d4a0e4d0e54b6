using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Channels;

/// <summary>
/// A channel as the api shows it (<see cref="ChannelResponse"/>, webhook URLs masked) and reads it
/// (<see cref="ChannelRequest"/>). What it showed may be sent back as it is: read-only fields are ignored, and
/// <see cref="ChannelValidation"/> keeps a stored URL sent back masked.
/// </summary>
public sealed class ChannelDocument(JsonSerializerOptions json)
{
    private readonly IReadOnlySet<string> _readOnlyFields = DocumentFields.ReadOnly(json, typeof(ChannelResponse), typeof(ChannelRequest));

    public JsonObject Show(AlertChannel channel) => JsonSerializer.SerializeToNode(ChannelResponse.From(channel), json)!.AsObject();

    /// <summary>The request <paramref name="document"/> holds, or null and the error naming the field that does not fit.</summary>
    public (ChannelRequest? Request, IReadOnlyDictionary<string, string[]>? Errors) Read(JsonObject document)
    {
        var sent = new JsonObject();
        foreach (var (field, value) in document.Where(f => !_readOnlyFields.Contains(f.Key)))
        {
            sent[field] = value?.DeepClone();
        }

        try
        {
            return (JsonBody.Deserialize<ChannelRequest>(sent, json), null);
        }
        catch (JsonException ex)
        {
            return (null, new Dictionary<string, string[]> { [JsonErrors.Field(ex)] = [JsonErrors.Describe(ex)] });
        }
    }
}
