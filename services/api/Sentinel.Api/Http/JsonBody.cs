using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Sentinel.Api.Http;

/// <summary>
/// Reads a JSON request body, answering a malformed one with a 400 problem that names where it broke; the
/// framework's own binding would answer with an empty 400.
/// </summary>
public static class JsonBody
{
    /// <param name="mediaType">The one media type accepted; by default any JSON one.</param>
    /// <param name="limit">The largest body, in bytes, when the route has its own limit (named by <paramref name="limitSetting"/>); by default Api:MaxRequestBodyBytes.</param>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, string? mediaType = null, long? limit = null, string limitSetting = "Api:MaxRequestBodyBytes") where T : class
    {
        var accepted = mediaType is null
            ? request.HasJsonContentType()
            : Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
        if (!accepted)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the body as {mediaType ?? "application/json"}."));
        }

        var services = request.HttpContext.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        limit ??= services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        try
        {
            // Capped here as well as by Kestrel, so the limit holds on any server and names itself.
            var body = new MemoryStream();
            await request.Body.CopyToAsync(new CappedStream(body, limit.Value), request.HttpContext.RequestAborted);
            body.Position = 0;
            // Read as a document first, which refuses a field given twice; a JsonObject would take both and fail on
            // first use.
            var document = await JsonSerializer.DeserializeAsync<JsonElement>(body, json, request.HttpContext.RequestAborted);
            if (StoredText.Refusal(document) is { } refused)
            {
                return (null, Invalid(refused.Field, refused.Message));
            }

            var value = document.Deserialize<T>(json);
            return value is null
                ? (null, Invalid("$", "A JSON object is required."))
                : (value, null);
        }
        catch (Exception ex) when (ex is CappedStream.TooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"Request bodies are limited to {limit} bytes ({limitSetting})."));
        }
        catch (JsonException ex)
        {
            return (null, Invalid(JsonErrors.Field(ex), JsonErrors.Describe(ex)));
        }
    }

    /// <summary>The answers of a route that reads a body with <see cref="ReadAsync{T}"/>, besides 400.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// <paramref name="node"/> read as <typeparamref name="T"/> through UTF-8, as a body comes: a node converted
    /// directly reads values its own way and fails with other exceptions than <see cref="JsonException"/>.
    /// </summary>
    public static T? Deserialize<T>(JsonNode node, JsonSerializerOptions json) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(node, json), json);

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");
}

/// <summary>What a <see cref="JsonException"/> says about a request body, in a client's words.</summary>
public static class JsonErrors
{
    /// <summary>The field it names as problem details do (<c>config.url</c>), or <c>$</c> for the body as a whole.</summary>
    public static string Field(JsonException ex) => string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.');

    // System.Text.Json names .NET types in its messages; say it the way a client thinks of it.
    public static string Describe(JsonException ex) => ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "Unknown field."
        : ex.Message.Split(" Path:")[0].Replace("System.Int32", "an integer").Replace("System.Boolean", "true or false");
}

/// <summary>A write-only stream that refuses to grow past a limit.</summary>
internal sealed class CappedStream(Stream inner, long limit) : Stream
{
    public sealed class TooLargeException : Exception;

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (inner.Length + count > limit)
        {
            throw new TooLargeException();
        }

        inner.Write(buffer, offset, count);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
