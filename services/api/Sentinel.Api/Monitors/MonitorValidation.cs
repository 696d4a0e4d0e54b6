using System.Net.Http.Headers;
using Sentinel.Conditions;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>Turns a request into a monitor, or into the list of what is wrong with it, field by field.</summary>
public static class MonitorValidation
{
    public const int DefaultIntervalSeconds = 60;
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxIntervalSeconds = 86_400;
    public const int MaxThreshold = 100;
    public const int MaxHeaders = 50;
    public const int MaxChannels = 20;
    public const int MaxTags = 20;
    public const int MaxReminderIntervalMinutes = 10_080;
    public const int MaxConditions = 20;
    public const int MaxRetries = 5;
    public const int DefaultGraceSeconds = 60;
    public const int MaxGraceSeconds = 86_400;
    // Half the api's default request cap (Api:MaxRequestBodyBytes, 64 KiB), so a monitor with the largest body still fits.
    public const int MaxBodyBytes = 32 * 1024;
    public const string DefaultContentType = "application/json";

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>Validates <paramref name="request"/> and, when valid, writes it onto <paramref name="monitor"/>.</summary>
    public static Dictionary<string, string[]> Apply(MonitorRequest request, MonitorDefinition monitor)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Fail("name", "A name is required.");
        }
        else if (name.Length > 200)
        {
            Fail("name", "The name is longer than 200 characters.");
        }

        var type = request.Type ?? MonitorTypes.Check;
        var heartbeat = type == MonitorTypes.Heartbeat;
        if (type is not (MonitorTypes.Check or MonitorTypes.Heartbeat))
        {
            Fail("type", $"Must be {MonitorTypes.Check} or {MonitorTypes.Heartbeat}.");
        }

        if (!heartbeat && MonitorTarget.Validate(request.Url) is { } urlError)
        {
            Fail("url", urlError);
        }

        if (!heartbeat && request.GraceSeconds is not null)
        {
            Fail("graceSeconds", "Only for heartbeat monitors.");
        }

        var grace = heartbeat ? request.GraceSeconds ?? DefaultGraceSeconds : 0;
        if (grace is < 0 or > MaxGraceSeconds)
        {
            Fail("graceSeconds", $"Must be between 0 and {MaxGraceSeconds} seconds (a day).");
        }

        var interval = request.IntervalSeconds ?? DefaultIntervalSeconds;
        if (interval is < 1 or > MaxIntervalSeconds)
        {
            Fail("intervalSeconds", $"Must be between 1 and {MaxIntervalSeconds} seconds (a day).");
        }

        // Without an explicit timeout, a short interval brings the default timeout down with it.
        // A heartbeat has no probe, so no timeout: stored as 0.
        var timeout = heartbeat ? 0 : request.TimeoutSeconds ?? Math.Min(DefaultTimeoutSeconds, Math.Max(1, interval));
        if (!heartbeat && timeout < 1)
        {
            Fail("timeoutSeconds", "Must be at least 1 second.");
        }
        else if (timeout > interval && !errors.ContainsKey("intervalSeconds"))
        {
            Fail("timeoutSeconds", $"Must not be longer than the interval ({interval} s).");
        }

        var method = (request.Method ?? "GET").ToUpperInvariant();
        if (!heartbeat && !Methods.Contains(method))
        {
            Fail("method", $"Must be one of {string.Join(", ", Methods)}.");
        }

        var headers = request.Headers ?? [];
        if (headers.Count > MaxHeaders)
        {
            Fail("headers", $"At most {MaxHeaders} headers.");
        }
        else if (headers.FirstOrDefault(h => !IsHeaderName(h.Key) || !IsHeaderValue(h.Value)) is { Key: not null } bad)
        {
            Fail("headers", $"Header '{bad.Key}' is not a valid header name and value.");
        }

        var scheme = !heartbeat && MonitorTarget.Validate(request.Url) is null ? new Uri(request.Url!).Scheme : null;
        var http = heartbeat ? new HttpSettings(null, null, null, null, null) : ValidateHttpSettings(request, monitor, scheme, headers, errors);

        var retries = request.Retries ?? 0;
        if (retries is < 0 or > MaxRetries)
        {
            Fail("retries", $"Must be between 0 and {MaxRetries}.");
        }
        else if (retries > 0 && !errors.ContainsKey("intervalSeconds") && !errors.ContainsKey("timeoutSeconds")
                 && (retries + 1) * timeout + retries * RunCheck.RetryDelaySeconds is var longest && longest > interval)
        {
            Fail("retries", $"With {retries} retries a check may take {longest} s ({retries + 1} attempts of up to {timeout} s, "
                            + $"{RunCheck.RetryDelaySeconds} s apart), longer than the interval ({interval} s): lower retries or timeoutSeconds.");
        }

        var expected = request.ExpectedStatusCodes ?? [];
        if (expected.Count > 50)
        {
            Fail("expectedStatusCodes", "At most 50 status codes.");
        }
        else if (expected.Any(c => c is < 100 or > 599))
        {
            Fail("expectedStatusCodes", "Status codes are between 100 and 599.");
        }

        var conditions = request.Conditions ?? [];
        if (!heartbeat)
        {
            ValidateConditions(conditions, scheme, errors);
        }

        if (conditions.Count > 0 && expected.Count > 0)
        {
            Fail("expectedStatusCodes", "Not used with conditions, which decide alone: write the codes as a condition, e.g. [STATUS] == any(200, 404).");
        }

        var failureThreshold = request.FailureThreshold ?? 1;
        if (failureThreshold is < 1 or > MaxThreshold)
        {
            Fail("failureThreshold", $"Must be between 1 and {MaxThreshold}.");
        }

        var successThreshold = request.SuccessThreshold ?? 1;
        if (successThreshold is < 1 or > MaxThreshold)
        {
            Fail("successThreshold", $"Must be between 1 and {MaxThreshold}.");
        }

        var channelIds = request.ChannelIds ?? [];
        if (channelIds.Count > MaxChannels)
        {
            Fail("channelIds", $"At most {MaxChannels} channels.");
        }

        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags)
        {
            Fail("tags", $"At most {MaxTags} tags.");
        }
        else if (tags.FirstOrDefault(t => !IsTag(t)) is { } badTag)
        {
            Fail("tags", $"'{badTag}' is not a tag: 1 to 64 characters of letters, digits and - _ . : /");
        }

        if (request.ReminderIntervalMinutes is < 1 or > MaxReminderIntervalMinutes)
        {
            Fail("reminderIntervalMinutes", $"Must be between 1 and {MaxReminderIntervalMinutes} minutes (a week), or null for no reminders.");
        }

        if (heartbeat)
        {
            RefuseProbing(request, errors);
        }

        if (errors.Count == 0)
        {
            monitor.Name = name!;
            monitor.Type = type;
            // A heartbeat keeps its token across updates; turning into a check drops it, so the old ping URL stops working.
            monitor.HeartbeatToken = heartbeat ? monitor.HeartbeatToken ?? HeartbeatTokens.Create() : null;
            monitor.GraceSeconds = grace;
            monitor.LastPingAt = heartbeat ? monitor.LastPingAt : null;
            monitor.Url = heartbeat ? "" : request.Url!.Trim();
            monitor.IntervalSeconds = interval;
            monitor.TimeoutSeconds = timeout;
            monitor.Enabled = request.Enabled ?? true;
            monitor.Method = method;
            monitor.Headers = new Dictionary<string, string>(headers);
            monitor.Body = http.Body;
            monitor.ContentType = http.ContentType;
            monitor.BasicAuthUsername = http.Username;
            monitor.BasicAuthPassword = http.Password;
            monitor.BearerToken = http.BearerToken;
            monitor.FollowRedirects = request.FollowRedirects ?? true;
            monitor.VerifyTls = request.VerifyTls ?? true;
            monitor.Retries = retries;
            monitor.ExpectedStatusCodes = expected.Distinct().Order().ToList();
            monitor.Conditions = conditions.Select(c => c.Trim()).ToList();
            monitor.FailureThreshold = failureThreshold;
            monitor.SuccessThreshold = successThreshold;
            monitor.ChannelIds = channelIds.Distinct().ToList();
            monitor.Tags = tags.Select(t => t.ToLowerInvariant()).Distinct().Order().ToList();
            monitor.SendOnResolved = request.SendOnResolved ?? true;
            monitor.ReminderIntervalMinutes = request.ReminderIntervalMinutes;
        }

        return errors;
    }

    /// <summary>
    /// A heartbeat is pinged, never probed: every probing field given is refused by name rather than ignored (last, so
    /// that this reason replaces any other about the same field).
    /// </summary>
    private static void RefuseProbing(MonitorRequest request, Dictionary<string, string[]> errors)
    {
        var probing = new (string Field, bool Present)[]
        {
            ("url", request.Url is not null), ("timeoutSeconds", request.TimeoutSeconds is not null), ("method", request.Method is not null),
            ("headers", request.Headers is not null), ("body", request.Body is not null), ("contentType", request.ContentType is not null),
            ("basicAuth", request.BasicAuth is not null), ("bearerToken", request.BearerToken is not null),
            ("followRedirects", request.FollowRedirects is not null), ("verifyTls", request.VerifyTls is not null),
            ("retries", request.Retries is not null), ("expectedStatusCodes", request.ExpectedStatusCodes is not null),
            ("conditions", request.Conditions is not null),
        };
        foreach (var (field, _) in probing.Where(p => p.Present))
        {
            errors[field] = [field == "url"
                ? "A heartbeat monitor has no URL: it is pinged at its pingUrl."
                : "Not for heartbeat monitors, which are pinged rather than checked."];
        }
    }

    /// <summary>
    /// Each condition must parse and apply to the URL's kind of check; errors are keyed <c>conditions[i]</c> and say
    /// what is wrong and at which character.
    /// </summary>
    private static void ValidateConditions(List<string> conditions, string? scheme, Dictionary<string, string[]> errors)
    {
        if (conditions.Count > MaxConditions)
        {
            errors["conditions"] = [$"At most {MaxConditions} conditions."];
            return;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            try
            {
                var condition = Condition.Parse(conditions[i]?.Trim());
                if (scheme is not null && condition.RefusalFor(scheme) is { } refusal)
                {
                    errors[$"conditions[{i}]"] = [refusal];
                }
            }
            catch (ConditionException ex)
            {
                errors[$"conditions[{i}]"] = [ex.Message];
            }
        }
    }

    private sealed record HttpSettings(string? Body, string? ContentType, string? Username, string? Password, string? BearerToken);

    /// <summary>
    /// Body, content type and credentials, only on http(s) monitors. Secrets sent back masked, as the api showed
    /// them, keep the values stored on <paramref name="monitor"/>.
    /// </summary>
    private static HttpSettings ValidateHttpSettings(
        MonitorRequest request, MonitorDefinition monitor, string? scheme, Dictionary<string, string> headers, Dictionary<string, string[]> errors)
    {
        var given = new (string Field, bool Present)[]
        {
            ("body", request.Body is not null), ("contentType", request.ContentType is not null), ("basicAuth", request.BasicAuth is not null),
            ("bearerToken", request.BearerToken is not null), ("followRedirects", request.FollowRedirects is not null),
            ("verifyTls", request.VerifyTls is not null),
        };
        if (scheme is not null and not ("http" or "https"))
        {
            foreach (var (field, _) in given.Where(g => g.Present))
            {
                errors[field] = [$"Only for http:// and https:// monitors, not {scheme}://."];
            }

            return new HttpSettings(null, null, null, null, null);
        }

        if (request.Body is { } body && System.Text.Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            errors["body"] = [$"The body is larger than {MaxBodyBytes / 1024} KiB."];
        }

        var contentType = request.ContentType?.Trim();
        if (contentType is not null && request.Body is null)
        {
            errors["contentType"] = ["Only with a body."];
        }
        else if (contentType is not null && (contentType.Length > 256 || !MediaTypeHeaderValue.TryParse(contentType, out _)))
        {
            errors["contentType"] = [$"'{contentType}' is not a media type such as application/json."];
        }

        string? username = null, password = null;
        if (request.BasicAuth is { } basic)
        {
            username = basic.Username;
            password = SecretText.Unmask(basic.Password, monitor.BasicAuthPassword);
            if (username is not { Length: > 0 and <= 256 } || username.Contains(':') || username.Any(char.IsControl))
            {
                errors["basicAuth.username"] = ["Required: 1 to 256 characters, without ':' or control characters."];
            }

            if (password is null || password.Length > 1024 || password.Any(char.IsControl))
            {
                errors["basicAuth.password"] = ["Required: at most 1024 characters, without control characters."];
            }
        }

        var token = SecretText.Unmask(request.BearerToken, monitor.BearerToken);
        if (token is not null && (token.Length is 0 or > 4096 || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors["bearerToken"] = ["Must be 1 to 4096 characters, without spaces or control characters."];
        }

        if (request.BasicAuth is not null && token is not null)
        {
            errors["bearerToken"] = ["Use basicAuth or bearerToken, not both."];
        }

        if ((request.BasicAuth is not null || token is not null) && headers.Keys.Any(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            errors["headers"] = ["An Authorization header and basicAuth or bearerToken cannot be given together."];
        }

        return new HttpSettings(request.Body, request.Body is null ? null : contentType ?? DefaultContentType, username, password, token);
    }

    private static bool IsTag(string? tag) =>
        tag is { Length: > 0 and <= 64 } && tag.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:/".Contains(c));

    // RFC 9110 token characters for names; no control characters (CR/LF would split the request) in values.
    private static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsHeaderValue(string? value) =>
        value is { Length: <= 8192 } && !value.Any(char.IsControl);
}
