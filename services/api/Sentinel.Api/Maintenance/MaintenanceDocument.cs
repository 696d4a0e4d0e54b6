using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

/// <summary>
/// A maintenance window as the api shows it (<see cref="MaintenanceWindowResponse"/>) and reads it
/// (<see cref="MaintenanceWindowRequest"/>). What it showed may be sent back as it is: read-only fields (id, kind,
/// active, occurrences, timestamps) are ignored.
/// </summary>
public sealed class MaintenanceDocument(JsonSerializerOptions json)
{
    private readonly IReadOnlySet<string> _readOnlyFields = DocumentFields.ReadOnly(json, typeof(MaintenanceWindowResponse), typeof(MaintenanceWindowRequest));

    public JsonObject Show(MaintenanceWindow window, DateTime now) =>
        JsonSerializer.SerializeToNode(MaintenanceWindowResponse.From(window, now), json)!.AsObject();

    /// <summary>The request <paramref name="document"/> holds, or null and the error naming the field that does not fit.</summary>
    public (MaintenanceWindowRequest? Request, IReadOnlyDictionary<string, string[]>? Errors) Read(JsonObject document)
    {
        var sent = new JsonObject();
        foreach (var (field, value) in document.Where(f => !_readOnlyFields.Contains(f.Key)))
        {
            sent[field] = value?.DeepClone();
        }

        try
        {
            return (JsonBody.Deserialize<MaintenanceWindowRequest>(sent, json), null);
        }
        catch (JsonException ex)
        {
            return (null, new Dictionary<string, string[]> { [JsonErrors.Field(ex)] = [JsonErrors.Describe(ex)] });
        }
    }
}
