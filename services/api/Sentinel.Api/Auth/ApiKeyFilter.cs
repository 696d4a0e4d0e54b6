using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sentinel.Api.Auth;

/// <summary>Lets a request through only with an <c>X-API-Key</c> header matching a configured key.</summary>
public sealed class ApiKeyFilter : IEndpointFilter
{
    public const string HeaderName = "X-API-Key";

    // Hashes of the keys, compared in constant time, so neither length nor content leaks through timing.
    private readonly byte[][] _keyHashes;

    public ApiKeyFilter(IOptions<ApiOptions> options) =>
        _keyHashes = options.Value.Keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Hash).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0)
        {
            var hash = Hash(presented);
            var match = false;
            foreach (var key in _keyHashes)
            {
                match |= CryptographicOperations.FixedTimeEquals(hash, key);
            }

            if (match)
            {
                return next(context);
            }
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: presented.Length == 0 ? $"Missing {HeaderName} header." : $"The {HeaderName} header does not match a configured key."));
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
