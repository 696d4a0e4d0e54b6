using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sentinel.Channels;
using Sentinel.Checks;

namespace Sentinel.Api.AsCode;

/// <summary>
/// The JSON Schema (2020-12) of a config document, served at <c>/api/v1/schema/config.json</c> for editors' YAML
/// support. It is made from the api's own OpenAPI document, whose request schemas come from the types the api
/// validates with (OpenAPI 3.1's schemas are JSON Schema 2020-12): each kind's item is its REST request's schema, with
/// the references <see cref="ConfigKinds"/> lists turned from ids into names. Nothing in it is written by hand.
/// </summary>
public static class ConfigSchema
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private const string DefinitionsPrefix = "#/$defs/";

    /// <summary>
    /// In the OpenAPI document, <c>ApplyRequest.documents</c> points at the config schema, which is served on its own (a
    /// document transformer, for the reason <see cref="Monitors.MonitorSchema"/> gives).
    /// </summary>
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        if (document.Components?.Schemas?.TryGetValue(nameof(ApplyRequest), out var request) == true && request is OpenApiSchema { Properties: { } properties }
            && properties.TryGetValue("documents", out var list) && list is OpenApiSchema documents)
        {
            documents.Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "A config document: a mapping of kinds (monitors, channels, ...) to lists, as the JSON Schema at /api/v1/schema/config.json says.",
            };
        }

        return Task.CompletedTask;
    }

    public static async Task<JsonObject> BuildAsync(IOpenApiDocumentProvider openApi, string id, CancellationToken ct)
    {
        var document = await openApi.GetOpenApiDocumentAsync(ct);
        var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct))!;
        var definitions = (json["components"]?["schemas"] as JsonObject)?.DeepClone().AsObject() ?? [];
        Rewrite(definitions);
        KindByScheme(definitions);

        var properties = new JsonObject();
        foreach (var kind in ConfigKinds.All)
        {
            var item = Item(kind, definitions);
            definitions[ItemName(kind)] = item;
            properties[kind.Section] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = $"{kind.Section}: each as the REST api takes it, referring to others by name; identified by its {kind.Identity}.",
                ["items"] = new JsonObject { ["$ref"] = DefinitionsPrefix + ItemName(kind) },
            };
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = id,
            ["title"] = "Sentinel configuration document",
            ["description"] = "Monitors, channels, escalation policies, maintenance windows and status pages, applied with "
                              + "./sentinel apply or POST /api/v1/apply (docs/as-code.md).",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
            ["$defs"] = definitions,
        };
    }

    private static string ItemName(ConfigKind kind) => $"{kind.RequestType.Name.Replace("Request", "", StringComparison.Ordinal)}Config";

    /// <summary>The kind's request schema, its identity required and each reference by name.</summary>
    private static JsonObject Item(ConfigKind kind, JsonObject definitions)
    {
        var item = definitions[kind.RequestType.Name]!.DeepClone().AsObject();
        var identity = PropertiesOf(item);
        var required = identity.Parent?["required"] as JsonArray ?? [];
        if (!required.Any(r => r?.GetValue<string>() == kind.Identity))
        {
            required.Add(kind.Identity);
        }

        identity.Parent!["required"] = required;
        foreach (var reference in kind.References)
        {
            ByName(item, reference.Container.Split('.', StringSplitOptions.RemoveEmptyEntries), reference, definitions);
        }

        if (kind == ConfigKinds.Channels)
        {
            ConfigByType(item);
        }

        return item;
    }

    /// <summary>
    /// A check's kind may be left out when the URL's scheme names it (or, for a heartbeat, <c>type</c> does), as the api
    /// reads it: each kind's schema holds when <c>kind</c> names it or the URL has one of its schemes
    /// (<see cref="CheckKinds"/>), so exactly one of them holds for a document.
    /// </summary>
    private static void KindByScheme(JsonObject definitions)
    {
        foreach (var kind in CheckKinds.All)
        {
            if (definitions[kind.SpecType.Name] is not JsonObject spec)
            {
                continue;
            }

            if (spec["required"] is JsonArray required && required.FirstOrDefault(r => r?.GetValue<string>() == CheckSpecJson.KindField) is { } kindRequired)
            {
                required.Remove(kindRequired);
            }

            var implied = kind.Schemes.Count > 0
                ? new JsonObject
                {
                    ["required"] = new JsonArray("url"),
                    ["properties"] = new JsonObject { ["url"] = new JsonObject { ["pattern"] = $"^({string.Join("|", kind.Schemes)})://" } },
                }
                : new JsonObject
                {
                    ["required"] = new JsonArray("type"),
                    ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = kind.Name } },
                };
            spec["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray(CheckSpecJson.KindField) }, implied);
        }
    }

    /// <summary>A channel's <c>config</c> is the settings of its <c>type</c>: one branch per kind (<see cref="ChannelKinds"/>), picked by the type.</summary>
    private static void ConfigByType(JsonObject channel)
    {
        var properties = PropertiesOf(channel);
        var description = properties["config"]?["description"]?.DeepClone();
        properties["config"] = new JsonObject { ["type"] = "object", ["description"] = description };
        channel["oneOf"] = new JsonArray(ChannelKinds.All.Select(kind => (JsonNode)new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["const"] = kind.Name },
                ["config"] = new JsonObject { ["$ref"] = DefinitionsPrefix + kind.SettingsType.Name },
            },
        }).ToArray());
    }

    /// <summary>Walks <paramref name="steps"/> (<c>groups[]</c>, <c>monitors[]</c>) down from <paramref name="schema"/> and swaps the reference where it ends.</summary>
    private static void ByName(JsonObject schema, string[] steps, ConfigReference reference, JsonObject definitions)
    {
        var properties = PropertiesOf(schema);
        if (steps.Length == 0)
        {
            var target = ConfigKinds.BySection(reference.Target)!;
            properties.Remove(reference.ApiField);
            var name = new JsonObject { ["type"] = "string", ["minLength"] = 1 };
            properties[reference.Field] = reference.Many
                ? new JsonObject { ["type"] = "array", ["items"] = name, ["description"] = $"Names of {target.Section}, in these documents or on the server." }
                : new JsonObject { ["type"] = new JsonArray("string", "null"), ["minLength"] = 1, ["description"] = $"The {target.Identity} of a {target.Name}, in these documents or on the server." };
            return;
        }

        var field = steps[0][..^2];
        // The list's items are a component shared with the REST schema: this one gets its own copy, named for documents.
        var items = properties[field]?["items"] as JsonObject;
        if (items?["$ref"]?.GetValue<string>() is { } link && link.StartsWith(DefinitionsPrefix, StringComparison.Ordinal))
        {
            var shared = link[DefinitionsPrefix.Length..];
            var own = shared.Replace("Request", "", StringComparison.Ordinal) + "Config";
            definitions[own] ??= definitions[shared]!.DeepClone();
            items["$ref"] = DefinitionsPrefix + own;
            ByName(definitions[own]!.AsObject(), steps[1..], reference, definitions);
        }
        else if (items is not null)
        {
            ByName(items, steps[1..], reference, definitions);
        }
    }

    /// <summary>The <c>properties</c> of a schema: its own, or those of a flattened monitor's first <c>allOf</c> part.</summary>
    private static JsonObject PropertiesOf(JsonObject schema) =>
        schema["properties"] as JsonObject
        ?? (schema["allOf"] as JsonArray)?.OfType<JsonObject>().Select(s => s["properties"]).OfType<JsonObject>().FirstOrDefault()
        ?? throw new InvalidOperationException("A config kind's request schema has no properties.");

    /// <summary>Points every component reference at <c>$defs</c>.</summary>
    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.GetValue<string>() is { } link && link.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                {
                    o["$ref"] = DefinitionsPrefix + link[ComponentsPrefix.Length..];
                }

                foreach (var (_, value) in o.ToList())
                {
                    Rewrite(value);
                }

                break;
            case JsonArray a:
                foreach (var value in a)
                {
                    Rewrite(value);
                }

                break;
        }
    }
}
