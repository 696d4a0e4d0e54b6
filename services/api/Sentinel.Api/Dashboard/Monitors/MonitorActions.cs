using Sentinel.Api.Auth;
using Sentinel.Api.Monitors;

namespace Sentinel.Api.Dashboard.Monitors;

/// <summary>The monitor page's buttons that change a monitor without a form of their own: pause, resume and acknowledge.</summary>
public static class MonitorActions
{
    public static string PausePath(Guid id) => $"/monitors/{id}/pause";

    public static string ResumePath(Guid id) => $"/monitors/{id}/resume";

    public static string AcknowledgePath(Guid id) => $"/monitors/{id}/acknowledge";

    public static IEndpointRouteBuilder MapMonitorActions(this IEndpointRouteBuilder actions)
    {
        var monitor = actions.MapGroup("/monitors/{id:guid}").RequireAuthorization(AccessPolicies.Write);
        monitor.MapPost("/pause", (Guid id, HttpContext http, MonitorWrites writes) => SetEnabledAsync(id, false, http, writes));
        monitor.MapPost("/resume", (Guid id, HttpContext http, MonitorWrites writes) => SetEnabledAsync(id, true, http, writes));
        monitor.MapPost("/acknowledge", AcknowledgeAsync);
        return actions;
    }

    /// <summary>Acknowledges the outage under way as the signed-in user, the one way the api does, then back to the monitor's page.</summary>
    private static async Task<IResult> AcknowledgeAsync(Guid id, HttpContext http, Acknowledgements acknowledgements)
    {
        var by = await acknowledgements.CallerAsync(http.User, http.RequestAborted);
        var (result, _) = await acknowledgements.AcknowledgeAsync(id, outage: null, by, Data.AcknowledgementVia.Dashboard, note: null, http.RequestAborted);
        return result switch
        {
            AcknowledgeResult.Acknowledged => Results.LocalRedirect($"/monitors/{id}"),
            AcknowledgeResult.NoMonitor => Results.Text($"No monitor has id {id}.", statusCode: StatusCodes.Status404NotFound),
            _ => Results.Text("The monitor is not down: there is no outage to acknowledge.", statusCode: StatusCodes.Status409Conflict),
        };
    }

    /// <summary>Pauses or resumes through the api's own write, then back to the monitor's page.</summary>
    private static async Task<IResult> SetEnabledAsync(Guid id, bool enabled, HttpContext http, MonitorWrites writes)
    {
        var outcome = await writes.SetEnabledAsync(id, enabled, http.RequestAborted);
        return outcome.Succeeded ? Results.LocalRedirect($"/monitors/{id}")
            : outcome.NotFound ? Results.Text($"No monitor has id {id}.", statusCode: StatusCodes.Status404NotFound)
            // A monitor saved before a rule tightened (an outbound network denied since) cannot be changed until edited.
            : Results.Text($"The monitor could not be {(enabled ? "resumed" : "paused")}: "
                           + string.Join(" ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
                           + $" Edit it at /monitors/{id}/edit.", statusCode: StatusCodes.Status409Conflict);
    }
}
