using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Api.Alerts;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Api.Http;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Api.Monitors;

public static class MonitorEndpoints
{
    private const int MaxLimit = Paging.MaxLimit;
    private const int IdCursorLength = Paging.IdCursorLength;

    public static IEndpointRouteBuilder MapMonitors(this IEndpointRouteBuilder api)
    {
        var monitors = api.MapGroup("/monitors").WithTags("Monitors");

        monitors.MapGet("/", List).WithName("ListMonitors")
            .WithSummary("List monitors")
            .WithDescription("Monitors in creation order, a page at a time; filtered by status, name (a case-insensitive substring) or tag.")
            .WithQueryValues("status", Enum.GetNames<MonitorStatusName>().Select(JsonNamingPolicy.CamelCase.ConvertName))
            .Produces<Page<MonitorResponse>>().ProducesValidationProblem();
        monitors.MapPost("/", Create).WithName("CreateMonitor")
            .WithSummary("Create a monitor")
            .WithDescription("The monitor's fields and its check's, in one object; kind follows from the url's scheme unless given. Checked at once.")
            .Accepts<MonitorRequest>("application/json")
            .Produces<MonitorResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesBodyProblems();
        monitors.MapGet("/{id:guid}", Get).WithName("GetMonitor")
            .WithSummary("Get a monitor")
            .WithDescription("The monitor as one flat document: its own fields, its status, and its check's fields with secrets masked.")
            .Produces<MonitorResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapPut("/{id:guid}", Update).WithName("ReplaceMonitor")
            .WithSummary("Replace a monitor")
            .WithDescription("Replaces the whole monitor; omitted fields take their defaults. The document GET shows may be sent back "
                             + "as it is: read-only fields are ignored, and masked secrets keep the stored ones.")
            .Accepts<MonitorRequest>("application/json")
            .Produces<MonitorResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        monitors.MapPatch("/{id:guid}", Patch).WithName("PatchMonitor")
            .WithSummary("Change some of a monitor's fields")
            .WithDescription("A JSON merge patch of the monitor as GET shows it; the result is validated as a PUT of it would be.")
            .AcceptsMergePatch("monitor")
            .Produces<MonitorResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesBodyProblems();
        monitors.MapDelete("/{id:guid}", Delete).WithName("DeleteMonitor")
            .WithSummary("Delete a monitor")
            .WithDescription("Stops checking the monitor and deletes it with its history.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapGet("/{id:guid}/history", History).WithName("ListMonitorHistory")
            .WithSummary("List a monitor's checks")
            .WithDescription("The monitor's check results, newest first, a page at a time; optionally between two times.")
            .Produces<Page<CheckResultResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        monitors.MapGet("/{id:guid}/alerts", Alerts).WithName("ListMonitorAlerts")
            .WithSummary("List a monitor's alerts")
            .WithDescription("Notifications sent (or being sent) for the monitor's state changes, newest first, a page at a time.")
            .Produces<Page<AlertResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    // The validation attributes on handler parameters state for the OpenAPI document what the handler checks.
    private static async Task<IResult> List(
        SentinelDbContext db, [Range(1, MaxLimit)] int? limit, [MaxLength(IdCursorLength)] string? cursor, string? status,
        [MaxLength(MonitorValidation.MaxNameLength)] string? name, [MaxLength(MonitorValidation.MaxTagLength)] string? tag, CancellationToken ct)
    {
        var (filter, field, message) = MonitorFilter.Parse(status, name, tag);
        if (filter is null)
        {
            return JsonBody.Invalid(field!, message!);
        }

        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {MaxLimit}.");
        }

        Guid after = default;
        if (cursor is not null && !Guid.TryParse(cursor, out after))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        var slice = await filter.ReadAsync(db, cursor is null ? null : after, before: null, take, ct);
        var items = slice.Items.Select(r => MonitorResponse.From(r.Monitor, r.Status)).ToList();
        return TypedResults.Ok(new Page<MonitorResponse>(items, slice.More ? items[^1].Id.ToString() : null));
    }

    private static async Task<IResult> Get(Guid id, SentinelDbContext db, CancellationToken ct)
    {
        var row = await db.Monitors.AsNoTracking().Where(m => m.Id == id).Select(m => new { Monitor = m, m.Status }).SingleOrDefaultAsync(ct);
        return row is null ? NotFound(id) : TypedResults.Ok(MonitorResponse.From(row.Monitor, row.Status));
    }

    private static async Task<IResult> Create(
        HttpRequest request, SentinelDbContext db, OutboundGuard guard, MonitorDocument documents, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new CheckErrors();
        var (fields, spec) = documents.Read(body!, errors);
        var now = DateTime.UtcNow;
        // Check is replaced by the validated spec, or the monitor is not saved.
        var monitor = new MonitorDefinition { Id = Guid.CreateVersion7(), Name = "", Check = spec!, CreatedAt = now, UpdatedAt = now };
        if (await ValidateAsync(fields, spec, stored: null, monitor, db, guard, errors, ct) is { } invalid)
        {
            return invalid;
        }

        monitor.NextCheckAt = FirstDue(monitor, now);
        db.Monitors.Add(monitor);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/monitors/{monitor.Id}", MonitorResponse.From(monitor, null));
    }

    private static async Task<IResult> Update(
        Guid id, HttpRequest request, SentinelDbContext db, OutboundGuard guard, MonitorDocument documents, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request);
        if (problem is not null)
        {
            return problem;
        }

        var monitor = await db.Monitors.Include(m => m.Status).SingleOrDefaultAsync(m => m.Id == id, ct);
        return monitor is null ? NotFound(id) : await ReplaceAsync(monitor, body!, db, guard, documents, ct);
    }

    /// <summary>
    /// <c>PATCH</c> with a JSON merge patch (RFC 7396): the patch is merged into the monitor as the api shows it, and
    /// the result replaces the monitor as a <c>PUT</c> of it would.
    /// </summary>
    private static async Task<IResult> Patch(
        Guid id, HttpRequest request, SentinelDbContext db, OutboundGuard guard, MonitorDocument documents, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, JsonMergePatch.MediaType);
        if (problem is not null)
        {
            return problem;
        }

        var monitor = await db.Monitors.Include(m => m.Status).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (monitor is null)
        {
            return NotFound(id);
        }

        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var current = JsonSerializer.SerializeToNode(MonitorResponse.From(monitor, monitor.Status), json)!.AsObject();
        return await ReplaceAsync(monitor, JsonMergePatch.Apply(current, patch!), db, guard, documents, ct);
    }

    private static async Task<IResult> ReplaceAsync(
        MonitorDefinition monitor, JsonObject document, SentinelDbContext db, OutboundGuard guard, MonitorDocument documents, CancellationToken ct)
    {
        var errors = new CheckErrors();
        var (fields, spec) = documents.Read(document, errors);
        if (await ValidateAsync(fields, spec, stored: monitor.Check, monitor, db, guard, errors, ct) is { } invalid)
        {
            return invalid;
        }

        // Check with the new settings at once instead of after the old interval.
        monitor.UpdatedAt = DateTime.UtcNow;
        monitor.NextCheckAt = FirstDue(monitor, monitor.UpdatedAt);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(MonitorResponse.From(monitor, monitor.Status));
    }

    /// <summary>
    /// The monitor's rules, its spec's, that its channels exist and that Sentinel may connect to its target: null
    /// when all hold (and <paramref name="monitor"/> then carries the document), otherwise the problem to answer.
    /// </summary>
    private static async Task<IResult?> ValidateAsync(
        MonitorRequest? fields, CheckSpec? spec, CheckSpec? stored, MonitorDefinition monitor, SentinelDbContext db, OutboundGuard guard,
        CheckErrors errors, CancellationToken ct)
    {
        if (fields is not null)
        {
            MonitorValidation.Apply(fields, spec, stored, monitor, errors);
        }

        await RequireChannelsAsync(db, monitor, errors, ct);
        await RequireReachableAsync(guard, monitor, errors, ct);
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors.ToDictionary(), title: "Invalid monitor");
    }

    private static async Task<IResult> Delete(Guid id, SentinelDbContext db, CancellationToken ct)
    {
        // Results and status go with it (ON DELETE CASCADE); the scheduler no longer sees the row, and the
        // recorder drops any result still in flight for it.
        var deleted = await db.Monitors.Where(m => m.Id == id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? NotFound(id) : TypedResults.NoContent();
    }

    private static async Task<IResult> History(
        Guid id, SentinelDbContext db, DateTime? from, DateTime? to, [Range(1, MaxLimit)] int? limit, [MaxLength(HistoryCursor.Length)] string? cursor,
        CancellationToken ct)
    {
        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {MaxLimit}.");
        }

        HistoryCursor position = default;
        if (cursor is not null && !HistoryCursor.TryDecode(cursor, out position))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        if (from > to)
        {
            return JsonBody.Invalid("from", "Must not be after 'to'.");
        }

        if (!await db.Monitors.AnyAsync(m => m.Id == id, ct))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await ReadHistoryAsync(db, id, from, to, cursor is null ? null : position, take, ct));
    }

    /// <summary>
    /// A page of the monitor's results, newest first, optionally between two times, after <paramref name="after"/>:
    /// what the history route answers and the dashboard's monitor page lists.
    /// </summary>
    public static async Task<Page<CheckResultResponse>> ReadHistoryAsync(
        SentinelDbContext db, Guid id, DateTime? from, DateTime? to, HistoryCursor? after, int take, CancellationToken ct)
    {
        var query = db.CheckResults.AsNoTracking().Where(r => r.MonitorId == id);
        if (from is { } f)
        {
            var fromUtc = f.ToUniversalTime();
            query = query.Where(r => r.CheckedAt >= fromUtc);
        }

        if (to is { } t)
        {
            var toUtc = t.ToUniversalTime();
            query = query.Where(r => r.CheckedAt <= toUtc);
        }

        if (after is { } position)
        {
            query = query.Where(r => r.CheckedAt < position.CheckedAt || (r.CheckedAt == position.CheckedAt && r.CheckId.CompareTo(position.CheckId) < 0));
        }

        var rows = await query
            .OrderByDescending(r => r.CheckedAt).ThenByDescending(r => r.CheckId)
            .Take(take + 1)
            .Select(r => new CheckResultResponse(r.CheckId, r.CheckedAt, r.Status, r.LatencyMs, r.StatusCode, r.Error, r.Errors))
            .ToListAsync(ct);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? new HistoryCursor(items[^1].CheckedAt, items[^1].CheckId).Encode() : null;
        return new Page<CheckResultResponse>(items, next);
    }

    private static async Task<IResult> Alerts(
        Guid id, SentinelDbContext db, [Range(1, MaxLimit)] int? limit, [MaxLength(IdCursorLength)] string? cursor, CancellationToken ct) =>
        await db.Monitors.AnyAsync(m => m.Id == id, ct)
            ? await AlertEndpoints.PageAsync(db.NotificationDeliveries.Where(d => d.MonitorId == id), limit, cursor, ct)
            : NotFound(id);

    /// <summary>
    /// A check is due at once; a heartbeat gets a full period and its grace for its first ping (after an update too:
    /// the new period starts then).
    /// </summary>
    private static DateTime FirstDue(MonitorDefinition monitor, DateTime now) =>
        monitor.Check is HeartbeatCheck heartbeat ? now.AddSeconds(monitor.IntervalSeconds + heartbeat.GraceSeconds) : now;

    /// <summary>Refuses, at once and with the reason, a target the checker's outbound guard would refuse.</summary>
    private static async Task RequireReachableAsync(OutboundGuard guard, MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count == 0 && monitor.Check is ProbeCheck probe && await guard.RefusalAsync(probe.Endpoint().Host, probe.Endpoint().Port, ct) is { } why)
        {
            errors.Add("url", $"Sentinel does not connect there: {why}.");
        }
    }

    /// <summary>Every channel a monitor names must exist; the error names the missing ones.</summary>
    private static async Task RequireChannelsAsync(SentinelDbContext db, MonitorDefinition monitor, CheckErrors errors, CancellationToken ct)
    {
        if (errors.Count > 0 || monitor.ChannelIds.Count == 0)
        {
            return;
        }

        var ids = monitor.ChannelIds;
        var known = await db.AlertChannels.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var missing = ids.Except(known).ToList();
        if (missing.Count > 0)
        {
            errors.Add("channelIds", $"No channel has id {string.Join(", ", missing)}.");
        }
    }


    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Monitor not found", detail: $"No monitor has id {id}.");
}
