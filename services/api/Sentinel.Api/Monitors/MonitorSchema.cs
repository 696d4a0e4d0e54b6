using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sentinel.Checks;

namespace Sentinel.Api.Monitors;

/// <summary>
/// The monitor document in the OpenAPI description, flat as <see cref="MonitorDocument"/> reads it: the monitor's own
/// fields (<see cref="MonitorRequest"/> in, <see cref="MonitorResponse"/> out) and, beside them, its check spec's:
/// one schema per registered kind (<see cref="CheckKinds.All"/>), told apart by <c>kind</c>.
/// </summary>
/// <remarks>
/// A document transformer, so that it runs once the routes' schemas are in the components: a reference added by a
/// schema transformer would be inlined when ASP.NET resolves the schema it sits in.
/// </remarks>
public static class MonitorSchema
{
    private const string CheckSpecId = nameof(CheckSpec);

    public static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        await AddCheckSpecAsync(document, context, ct);
        foreach (var type in new[] { typeof(MonitorRequest), typeof(MonitorResponse) })
        {
            if (document.Components?.Schemas?.TryGetValue(type.Name, out var schema) == true && schema is OpenApiSchema monitor)
            {
                Flatten(monitor, document);
            }
        }
    }

    /// <summary>The monitor's own fields and all of its check's (<c>allOf</c>), and nothing else (<c>unevaluatedProperties</c>).</summary>
    private static void Flatten(OpenApiSchema schema, OpenApiDocument document)
    {
        var own = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = schema.Properties, Required = schema.Required };
        if (own.Properties?.TryGetValue("type", out var typeSchema) == true && typeSchema is OpenApiSchema monitorType)
        {
            monitorType.Enum = [.. MonitorDocument.Types.Select(t => (JsonNode)t)];
        }

        schema.Properties = null;
        schema.Required = null;
        schema.AdditionalProperties = null;
        schema.AdditionalPropertiesAllowed = true;
        schema.AllOf = [own, new OpenApiSchemaReference(CheckSpecId, document)];
        schema.UnevaluatedProperties = false;
    }

    /// <summary>
    /// <c>CheckSpec</c>: one of the kinds' schemas, picked by <c>kind</c>. A kind's schema lists its fields but does
    /// not refuse others (<c>additionalProperties</c>), since the monitor's own fields sit beside them.
    /// </summary>
    private static async Task AddCheckSpecAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var kinds = new List<IOpenApiSchema>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var kind in CheckKinds.All)
        {
            var spec = await context.GetOrCreateSchemaAsync(kind.SpecType, null, ct);
            spec.Properties ??= new Dictionary<string, IOpenApiSchema>();
            spec.Properties[CheckSpecJson.KindField] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [(JsonNode)kind.Name] };
            spec.Required ??= new HashSet<string>();
            spec.Required.Add(CheckSpecJson.KindField);
            spec.AdditionalProperties = null;
            spec.AdditionalPropertiesAllowed = true;
            var id = kind.SpecType.Name;
            document.AddComponent(id, spec);
            kinds.Add(new OpenApiSchemaReference(id, document));
            mapping[kind.Name] = new OpenApiSchemaReference(id, document);
        }

        document.AddComponent(CheckSpecId, new OpenApiSchema
        {
            Description = "The monitor's check: one schema per kind. On input, kind may be left out when the url's scheme names "
                          + "it (https:// is http, tcp:// is tcp, ...) or with \"type\": \"heartbeat\".",
            Type = JsonSchemaType.Object,
            OneOf = kinds,
            Discriminator = new OpenApiDiscriminator { PropertyName = CheckSpecJson.KindField, Mapping = mapping },
        });
    }
}
