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

        var services = request.HttpContext.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var limit = services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        try
        {
            // Capped here as well as by Kestrel, so the limit holds on any server and names itself.
            var body = new MemoryStream();
            await request.Body.CopyToAsync(new CappedStream(body, limit), request.HttpContext.RequestAborted);
            body.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(body, json, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Invalid("$", "A JSON object is required."))
                : (value, null);
        }
        catch (Exception ex) when (ex is CappedStream.TooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"Request bodies are limited to {limit} bytes (Api:MaxRequestBodyBytes)."));
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
