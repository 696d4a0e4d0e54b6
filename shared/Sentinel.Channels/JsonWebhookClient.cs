using System.Net;
using System.Text.Json;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Channels;

/// <summary>
/// POSTs a JSON body to a webhook and sorts failures the way every webhook service means them: 429, 408, 5xx
/// and network errors may pass later; any other 4xx will not.
/// </summary>
/// <remarks>
/// Each notice carries an <c>Idempotency-Key</c> header, its delivery id: the same on every attempt, so a receiver
/// that honours it drops the copy sent again when an alerter died after the receiver accepted a notice and before
/// the alerter recorded that. Slack's and Discord's webhooks ignore it; ours and any receiver of the plain JSON
/// webhook can use it (or the body's <c>deliveryId</c>).
/// </remarks>
public sealed class JsonWebhookClient(HttpClient client)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <param name="idempotencyKey">The notice's delivery id; null for a channel test, which is no delivery.</param>
    /// <param name="headers">Headers the service requires besides these (Opsgenie's <c>Authorization: GenieKey …</c>).</param>
    public async Task PostAsync(
        string url, object payload, Guid? idempotencyKey, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        HttpResponseMessage response;
        try
        {
            // Serialised up front so the request has a Content-Length: some webhook receivers refuse chunked bodies.
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), Json));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            if (idempotencyKey is { } key)
            {
                request.Headers.Add(IdempotencyKeyHeader, key.ToString());
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is OutboundRefusedException refused)
        {
            throw new DeliveryFailedException(refused.Message, transient: false, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryFailedException($"could not reach {new Uri(url).Host}: {ex.Message}", transient: true, inner: ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = $"{status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body[..Math.Min(body.Length, 200)] : "")}";
            throw response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => new DeliveryFailedException(message, transient: true, RetryAfter(response)),
                HttpStatusCode.RequestTimeout => new DeliveryFailedException(message, transient: true),
                _ when status >= 500 => new DeliveryFailedException(message, transient: true),
                _ => new DeliveryFailedException(message, transient: false),
            };
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
