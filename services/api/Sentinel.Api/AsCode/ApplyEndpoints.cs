using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Sentinel.Api.Http;

namespace Sentinel.Api.AsCode;

public static class ApplyEndpoints
{
    public const string SchemaPath = "/schema/config.json";
    private const string InvalidTitle = "Invalid configuration";
    private const string SchemaMediaType = "application/schema+json";

    public static IEndpointRouteBuilder MapApply(this IEndpointRouteBuilder api)
    {
        api.MapPost("/apply", Apply).WithName("Apply").WithTags("Monitors as code")
            .WithSummary("Make the server match a set of config documents")
            .WithDescription("Creates, updates and, with prune, deletes monitors, channels, escalation policies, maintenance windows "
                             + "and status pages so that they match the documents (docs/as-code.md), all in one transaction: "
                             + "on any error nothing is applied and every error is listed with its document, line and path. "
                             + "Objects are matched by name (a status page by slug); each records the source that applied it, "
                             + "and prune deletes only that source's. dryRun answers the same plan and changes nothing. "
                             + $"Documents follow the JSON Schema at /api/v1{SchemaPath}.")
            .Accepts<ApplyRequest>("application/json")
            .Produces<ApplyPlan>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesBodyProblems();
        api.MapGet(SchemaPath, Schema).WithName("GetConfigSchema").WithTags("Monitors as code")
            .WithSummary("The JSON Schema of a config document")
            .WithDescription("For editors' YAML support (# yaml-language-server: $schema=…); made from this api's own request "
                             + "schemas. Needs no key.")
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [SchemaMediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON Schema, draft 2020-12." } },
                    };
                }

                return Task.CompletedTask;
            });
        return api;
    }

    private static async Task<IResult> Apply(HttpContext http, ConfigApply apply, IOptions<ApiOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxApplyBodyBytes;
        // A whole folder of documents is larger than one monitor: this route alone takes up to its own limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var (request, problem) = await JsonBody.ReadAsync<ApplyRequest>(http.Request, limit: limit, limitSetting: "Api:MaxApplyBodyBytes");
        if (problem is not null)
        {
            return problem;
        }

        if (request!.InvalidFields() is { Count: > 0 } invalid)
        {
            return TypedResults.ValidationProblem(invalid, title: "Invalid request");
        }

        var (plan, errors) = await apply.ApplyAsync(request, ct);
        return plan is not null
            ? TypedResults.Ok(plan)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: InvalidTitle,
                detail: $"{errors.Count} {(errors.Count == 1 ? "error" : "errors")}: nothing was applied.",
                extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    private static async Task<IResult> Schema(HttpContext http, [FromKeyedServices("v1")] IOpenApiDocumentProvider openApi, CancellationToken ct)
    {
        var id = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/v1{SchemaPath}";
        return TypedResults.Json(await ConfigSchema.BuildAsync(openApi, id, ct), contentType: SchemaMediaType);
    }
}
