using System.Globalization;

namespace Sentinel.Api.Http;

public static class Problems
{
    /// <summary>429 with <c>Retry-After</c> in whole seconds, as problem details.</summary>
    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan? retryAfter, string detail)
    {
        var seconds = (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(60)).TotalSeconds);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 429, title: "Too many requests", detail: detail).ExecuteAsync(context);
    }
}
