using Microsoft.AspNetCore.Antiforgery;

namespace Sentinel.Api.Dashboard;

/// <summary>
/// Refuses a dashboard action posted without the page's antiforgery token. The antiforgery middleware only records
/// its verdict, which minimal-API endpoints act on when they bind a form; actions like logout or pause bind none.
/// </summary>
internal sealed class FormActionAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verdict = http.Features.Get<IAntiforgeryValidationFeature>();
        if (verdict is null ? !await antiforgery.IsRequestValidAsync(http) : !verdict.IsValid)
        {
            return Results.Text("The form's antiforgery token is missing or wrong: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }
}
