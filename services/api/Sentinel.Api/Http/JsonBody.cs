using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Sentinel.Api.Http;

/// <summary>
/// Reads a JSON request body, answering a malformed one with a 400 problem that names where it broke; the
/// framework's own binding would answer with an empty 400.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as application/json."));
        }

        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, json, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Invalid("$", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.');
            // System.Text.Json names .NET types in its messages; say it the way a client thinks of it.
            var message = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown field."
                : ex.Message.Split(" Path:")[0].Replace("System.Int32", "an integer").Replace("System.Boolean", "true or false");
            return (null, Invalid(field, message));
        }
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");
}
