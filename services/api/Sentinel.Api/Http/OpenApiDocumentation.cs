using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sentinel.Api.Auth;
using Sentinel.Api.Channels;
using Sentinel.Api.Monitors;
using Sentinel.Checks;

namespace Sentinel.Api.Http;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, read at <c>/docs</c>), complete enough for a generated client. Each
/// route states its operation id, body and answers where it is mapped; what holds for all of them is here: the key
/// every <c>/api/v1</c> route needs and heartbeat pings do not, <c>Retry-After</c> on 429, and the limits the api
/// enforces as schema keywords, read from the validation attributes of the request types and check specs.
/// </summary>
public static class OpenApiDocumentation
{
    /// <summary>A UUID as the api writes and reads it: 36 characters.</summary>
    public const int UuidLength = 36;

    /// <summary>The longest ISO-8601 time the api writes (round-trip format with an offset): 2026-12-01T22:00:00.0000000+00:00.</summary>
    public const int DateTimeLength = 33;

    public static IServiceCollection AddOpenApiDocumentation(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer(DescribeApi);
        options.AddDocumentTransformer(MonitorSchema.DescribeAsync);
        options.AddDocumentTransformer(ChannelSchema.DescribeAsync);
        options.AddDocumentTransformer(AsCode.ConfigSchema.DescribeAsync);
        options.AddOperationTransformer(DescribeCredentialsAndLimits);
        options.AddSchemaTransformer(DescribeValidation);
    });

    /// <summary>States that query parameter <paramref name="name"/> takes one of <paramref name="values"/>.</summary>
    public static RouteHandlerBuilder WithQueryValues(this RouteHandlerBuilder route, string name, IEnumerable<string> values)
    {
        var words = values.ToList();
        return route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == name)?.Schema is OpenApiSchema schema)
            {
                schema.Enum = [.. words.Select(w => (JsonNode)w)];
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// States that the body is a JSON merge patch (RFC 7396, <see cref="JsonMergePatch.MediaType"/>) of the document
    /// named by <paramref name="what"/> as GET shows it.
    /// </summary>
    public static RouteHandlerBuilder AcceptsMergePatch(this RouteHandlerBuilder route, string what) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [JsonMergePatch.MediaType] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Description = $"A JSON merge patch (RFC 7396) of the {what} as GET shows it: a field given replaces "
                                          + "the one shown (an object is merged field by field), a field set to null is removed, "
                                          + "which gives it its default. Secrets shown masked stay as they are. The result is "
                                          + "validated as a PUT of it would be.",
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });

    private static Task DescribeApi(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Sentinel API";
        document.Info.Description = "Monitors, their history, uptime and alerts; alert channels; status pages and incidents; API keys; heartbeat pings. "
                                    + "Every route under /api/v1 takes a key (X-API-Key, or Authorization: Bearer), except "
                                    + "heartbeat pings, whose token is in the path. Errors are problem details (RFC 9457).";
        document.Info.Contact = new OpenApiContact { Name = "The team running this Sentinel" };
        // The server is where the document was read, this api; paths start with a slash.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.HeaderName,
            Description = "An API key: a bootstrap key from Api:Keys, or one created with POST /api/v1/keys. Also accepted as Authorization: Bearer.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] });
        return Task.CompletedTask;
    }

    private static Task DescribeCredentialsAndLimits(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        // An anonymous route (a heartbeat ping) overrides the document's key requirement with none.
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }

        if (operation.Responses?.GetValueOrDefault("429") is OpenApiResponse tooMany)
        {
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Required = true,
                // No limit has a window longer than an hour (key creations).
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "3600" },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// What ASP.NET leaves out of the validation attributes: <see cref="AllowedValuesAttribute"/> as <c>enum</c>,
    /// <see cref="ItemsAttribute"/> on the items, and a map's <c>[MaxLength]</c> as <c>maxProperties</c>.
    /// </summary>
    private static Task DescribeValidation(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true)
            ?? (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttributes(inherit: true)
            ?? [];
        foreach (var attribute in attributes)
        {
            if (attribute is AllowedValuesAttribute allowed)
            {
                schema.Enum = [.. allowed.Values.Select(v => (JsonNode)v!.ToString()!)];
            }
            else if (attribute is ItemsAttribute limits)
            {
                DescribeItems(schema, limits);
            }
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Object) == true && schema.MaxLength is { } count)
        {
            schema.MaxProperties = count;
            schema.MaxLength = null;
        }

        if (schema.Format == "uuid")
        {
            schema.MaxLength ??= UuidLength;
        }
        else if (schema.Format == "date-time")
        {
            schema.MaxLength ??= DateTimeLength;
        }

        return Task.CompletedTask;
    }

    private static void DescribeItems(OpenApiSchema schema, ItemsAttribute limits)
    {
        if ((schema.Items ?? schema.AdditionalProperties) is not OpenApiSchema item)
        {
            return;
        }

        if (limits.MaxLength >= 0)
        {
            item.MaxLength = limits.MaxLength;
        }

        if (limits.Maximum > limits.Minimum)
        {
            item.Minimum = limits.Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            item.Maximum = limits.Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (limits.Pattern is not null)
        {
            item.Pattern = limits.Pattern;
        }

        if (limits.KeyMaxLength >= 0)
        {
            schema.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = limits.KeyMaxLength };
        }
    }
}
