using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sentinel.Channels;

namespace Sentinel.Api.Channels;

/// <summary>
/// The channel document in the OpenAPI description: <c>type</c> one of the registered kinds (<see cref="ChannelKinds.All"/>)
/// and <c>config</c> one of their settings' schemas, each named after its settings type (<c>SlackChannel</c>).
/// </summary>
/// <remarks>A document transformer, for the reason <see cref="Monitors.MonitorSchema"/> gives.</remarks>
public static class ChannelSchema
{
    public static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var settings = new List<IOpenApiSchema>();
        foreach (var kind in ChannelKinds.All)
        {
            var schema = await context.GetOrCreateSchemaAsync(kind.SettingsType, null, ct);
            schema.Description = $"config of a {kind.Name} channel ({kind.Title}): {kind.Description}";
            schema.AdditionalPropertiesAllowed = false;
            // The fields the settings are read from, no more: derived ones (Destination) are never taken.
            var fields = ChannelSettingsJson.Fields(kind);
            foreach (var derived in schema.Properties?.Keys.Where(p => !fields.Contains(p)).ToList() ?? [])
            {
                schema.Properties!.Remove(derived);
            }

            document.AddComponent(kind.SettingsType.Name, schema);
            settings.Add(new OpenApiSchemaReference(kind.SettingsType.Name, document));
        }

        foreach (var type in new[] { typeof(ChannelRequest), typeof(ChannelResponse) })
        {
            if (document.Components?.Schemas?.TryGetValue(type.Name, out var found) != true || found is not OpenApiSchema channel || channel.Properties is null)
            {
                continue;
            }

            if (channel.Properties.TryGetValue("type", out var typeSchema) && typeSchema is OpenApiSchema kindName)
            {
                kindName.Enum = [.. ChannelKinds.All.Select(k => (JsonNode)k.Name)];
            }

            channel.Properties["config"] = new OpenApiSchema
            {
                Description = "The settings of the channel's type: one schema per type, named after it.",
                OneOf = settings,
            };
        }

        // config is read as a JsonObject, whose generic schema the per-type ones above replace.
        document.Components?.Schemas?.Remove(nameof(System.Text.Json.Nodes.JsonObject));
    }
}
