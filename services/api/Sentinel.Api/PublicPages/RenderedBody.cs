using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// A response body rendered once and compressed once (Brotli and gzip beside the plain bytes), with a strong ETag:
/// serving it costs a lookup and a copy, never a render or a compression per request.
/// </summary>
public sealed class RenderedBody
{
    private readonly byte[] _plain;
    private readonly byte[] _brotli;
    private readonly byte[] _gzip;

    private RenderedBody(string contentType, byte[] plain)
    {
        ContentType = contentType;
        _plain = plain;
        // Quality 5 and a large window: an order of magnitude faster than 11 on a 1 MB page, and its 90-day bars
        // repeat from row to row, which the window finds. Fastest for gzip would lose too much on this text.
        _brotli = Compress(plain, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 5 }));
        _gzip = Compress(plain, s => new GZipStream(s, CompressionLevel.Optimal));
        ETag = Convert.ToHexStringLower(SHA256.HashData(plain).AsSpan(0, 12));
    }

    public string ContentType { get; }

    /// <summary>The content's hash; each encoding's ETag is this with its own suffix, as a strong ETag must differ per byte sequence.</summary>
    public string ETag { get; }

    /// <summary>The plain body's length, for tests and logs.</summary>
    public int Length => _plain.Length;

    public int BrotliLength => _brotli.Length;

    public int GzipLength => _gzip.Length;

    public static RenderedBody Create(string contentType, byte[] body) => new(contentType, body);

    /// <summary>
    /// Answers 304 when the client holds this content already (any of its encodings), else the best encoding it
    /// accepts. Content-Encoding is set here, so the response compression middleware leaves the body alone.
    /// </summary>
    public Task WriteAsync(HttpContext http, string cacheControl, int statusCode = StatusCodes.Status200OK)
    {
        var (body, encoding, suffix) = Choose(http.Request);
        var response = http.Response;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.ETag = $"\"{ETag}{suffix}\"";
        if (statusCode == StatusCodes.Status200OK && Matches(http.Request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private bool Matches(HttpRequest request)
    {
        foreach (var tag in request.GetTypedHeaders().IfNoneMatch)
        {
            var value = tag.Tag.Value;
            if (tag.Equals(EntityTagHeaderValue.Any) || (value is not null && value.Trim('"').StartsWith(ETag, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private (byte[] Body, string? Encoding, string Suffix) Choose(HttpRequest request)
    {
        double brotli = 0, gzip = 0;
        foreach (var accepted in request.GetTypedHeaders().AcceptEncoding)
        {
            var quality = accepted.Quality ?? 1;
            if (accepted.Value.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                brotli = quality;
            }
            else if (accepted.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = quality;
            }
        }

        return brotli > 0 && brotli >= gzip ? (_brotli, "br", "-br")
            : gzip > 0 ? (_gzip, "gzip", "-gz")
            : (_plain, null, "");
    }

    private static byte[] Compress(byte[] plain, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(plain);
        }

        return output.ToArray();
    }
}
