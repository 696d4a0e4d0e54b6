namespace Sentinel.Api.Http;

/// <summary>The <c>limit</c> and <c>cursor</c> every list route takes.</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>A cursor that is the id of the last item served.</summary>
    public const int IdCursorLength = OpenApiDocumentation.UuidLength;

    /// <summary>How many items to serve, or null when <paramref name="limit"/> is out of range.</summary>
    public static int? Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit,
        _ => null,
    };
}
