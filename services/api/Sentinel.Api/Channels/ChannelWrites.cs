using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Api.Channels;

/// <summary>
/// Every change to an alert channel, and its test, for the REST routes and the dashboard alike: each takes the
/// document the api takes (<see cref="ChannelRequest"/>, or what GET showed), validates it the one way, and saves it or says what is wrong.
/// </summary>
public sealed class ChannelWrites(SentinelDbContext db, OutboundGuard guard, ApiDocument<ChannelResponse, ChannelRequest> documents, IRequestClient<TestChannel> alerter)
{
    /// <summary>How long the alerter has to send a test message and answer.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public async Task<Outcome<ChannelResponse>> CreateAsync(JsonObject document, CancellationToken ct)
    {
        var (draft, errors) = await ValidateAsync(document, stored: null, ct);
        if (draft is null)
        {
            return Outcome<ChannelResponse>.Invalid(errors!);
        }

        var now = DateTime.UtcNow;
        var channel = new AlertChannel
        {
            Id = Guid.CreateVersion7(), Name = draft.Name, Type = draft.Settings.Kind.Name, Config = draft.Settings, IsDefault = draft.IsDefault,
            NotifyDegraded = draft.NotifyDegraded,
            CreatedAt = now, UpdatedAt = now,
        };
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(ct);
        return Outcome<ChannelResponse>.Done(ChannelResponse.From(channel));
    }

    /// <summary>
    /// Replaces channel <paramref name="id"/> with <paramref name="document"/> (<c>PUT</c>): read-only fields are
    /// ignored, and a URL sent back masked keeps the stored one.
    /// </summary>
    public async Task<Outcome<ChannelResponse>> ReplaceAsync(Guid id, JsonObject document, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } channel ? await ReplaceAsync(channel, document, ct) : Outcome<ChannelResponse>.Missing();

    /// <summary>
    /// Changes channel <paramref name="id"/> by a JSON merge patch (RFC 7396) of the document GET shows (URLs masked,
    /// which then keep the stored ones); the result replaces the channel as a <c>PUT</c> of it would.
    /// </summary>
    public async Task<Outcome<ChannelResponse>> PatchAsync(Guid id, JsonObject patch, CancellationToken ct) =>
        await TrackedAsync(id, ct) is { } channel
            ? await ReplaceAsync(channel, JsonMergePatch.Apply(documents.Show(ChannelResponse.From(channel)), patch), ct)
            : Outcome<ChannelResponse>.Missing();

    /// <summary>Deletes channel <paramref name="id"/> and takes it off every monitor, maintenance window and escalation step naming it; false when there is no such channel.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginUnlessInOneAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE monitors SET channel_ids = array_remove(channel_ids, {id}) WHERE {id} = ANY(channel_ids)", ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE maintenance_windows SET notify_channel_ids = array_remove(notify_channel_ids, {id}) WHERE {id} = ANY(notify_channel_ids)", ct);
        // Steps are stored as EscalationStep serializes (PascalCase names): keep each step, drop the channel from it.
        await db.Database.ExecuteSqlInterpolatedAsync($$"""
            UPDATE escalation_policies SET steps = (
                SELECT jsonb_agg(jsonb_set(s, '{ChannelIds}', coalesce(
                    (SELECT jsonb_agg(c ORDER BY n) FROM jsonb_array_elements(s -> 'ChannelIds') WITH ORDINALITY AS e(c, n)
                     WHERE c #>> '{}' <> {{id.ToString()}}), '[]'::jsonb)) ORDER BY i)
                FROM jsonb_array_elements(steps) WITH ORDINALITY AS x(s, i))
            WHERE jsonb_path_exists(steps, '$[*].ChannelIds[*] ? (@ == $id)', jsonb_build_object('id', {{id.ToString()}}::text))
            """, ct);
        var deleted = await db.AlertChannels.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return deleted > 0;
    }

    /// <summary>
    /// Has the alerter send a test message through channel <paramref name="id"/> now, once: whether it was delivered
    /// (a refused send is an answer too, with its error), or the problem when the alerter does not answer or fails.
    /// </summary>
    /// <remarks>The alerter owns sending (and the SMTP settings), so the api asks it and waits for the answer.</remarks>
    public async Task<Outcome<ChannelTestResponse>> SendTestAsync(Guid id, CancellationToken ct)
    {
        if (!await db.AlertChannels.AnyAsync(c => c.Id == id, ct))
        {
            return Outcome<ChannelTestResponse>.Missing();
        }

        try
        {
            var answer = await alerter.GetResponse<ChannelTested>(new TestChannel { ChannelId = id }, ct, RequestTimeout.After(s: (int)TestTimeout.TotalSeconds));
            return Outcome<ChannelTestResponse>.Done(new ChannelTestResponse(id, answer.Message.Succeeded, answer.Message.Error));
        }
        catch (RequestTimeoutException)
        {
            return Outcome<ChannelTestResponse>.Failed(new ServiceProblem(StatusCodes.Status503ServiceUnavailable, "Alerter unavailable",
                $"The alerter did not answer within {TestTimeout.TotalSeconds:0} s; is it running?"));
        }
        catch (RequestFaultException ex)
        {
            // The alerter answers a failed send itself; a fault is the alerter failing, not this request.
            return Outcome<ChannelTestResponse>.Failed(new ServiceProblem(StatusCodes.Status502BadGateway, "Alerter failed",
                $"The alerter failed to test the channel: {ex.Fault?.Exceptions.FirstOrDefault()?.Message ?? ex.Message}"));
        }
    }

    private async Task<Outcome<ChannelResponse>> ReplaceAsync(AlertChannel channel, JsonObject document, CancellationToken ct)
    {
        var (draft, errors) = await ValidateAsync(document, channel.Config, ct);
        if (draft is null)
        {
            return Outcome<ChannelResponse>.Invalid(errors!);
        }

        (channel.Name, channel.Type, channel.Config, channel.IsDefault, channel.NotifyDegraded) =
            (draft.Name, draft.Settings.Kind.Name, draft.Settings, draft.IsDefault, draft.NotifyDegraded);
        channel.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return Outcome<ChannelResponse>.Done(ChannelResponse.From(channel));
    }

    private Task<AlertChannel?> TrackedAsync(Guid id, CancellationToken ct) => db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>
    /// Validates <paramref name="document"/> against the channel's <paramref name="stored"/> settings, and that Sentinel may
    /// connect where it points: the channel it describes, or the errors by field.
    /// </summary>
    private async Task<(ChannelDraft? Draft, IReadOnlyDictionary<string, string[]>? Errors)> ValidateAsync(
        JsonObject document, ChannelSettings? stored, CancellationToken ct)
    {
        var (request, unreadable) = documents.Read(document);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        var (draft, errors) = ChannelValidation.Read(request!, stored);
        if (draft is null)
        {
            return (null, errors);
        }

        foreach (var (field, url) in draft.Settings.Endpoints())
        {
            if (await guard.RefusalAsync(url, ct) is { } why)
            {
                errors.TryAdd($"config.{field}", [$"Sentinel does not connect there: {why}."]);
            }
        }

        return errors.Count == 0 ? (draft, null) : (null, errors);
    }
}
