using Sentinel.Conditions;
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

        if (MonitorTarget.Validate(request.Url) is { } urlError)
        {
            Fail("url", urlError);
        }

        var interval = request.IntervalSeconds ?? DefaultIntervalSeconds;
        if (interval is < 1 or > MaxIntervalSeconds)
        {
            Fail("intervalSeconds", $"Must be between 1 and {MaxIntervalSeconds} seconds (a day).");
        }

        // Without an explicit timeout, a short interval brings the default timeout down with it.
        var timeout = request.TimeoutSeconds ?? Math.Min(DefaultTimeoutSeconds, Math.Max(1, interval));
        if (timeout < 1)
        {
            Fail("timeoutSeconds", "Must be at least 1 second.");
        }
        else if (timeout > interval && !errors.ContainsKey("intervalSeconds"))
        {
            Fail("timeoutSeconds", $"Must not be longer than the interval ({interval} s).");
        }

        var method = (request.Method ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
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
        ValidateConditions(conditions, request.Url, errors);
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

        if (errors.Count == 0)
        {
            monitor.Name = name!;
            monitor.Url = request.Url!.Trim();
            monitor.IntervalSeconds = interval;
            monitor.TimeoutSeconds = timeout;
            monitor.Enabled = request.Enabled ?? true;
            monitor.Method = method;
            monitor.Headers = new Dictionary<string, string>(headers);
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
    /// Each condition must parse and apply to the URL's kind of check; errors are keyed <c>conditions[i]</c> and say
    /// what is wrong and at which character.
    /// </summary>
    private static void ValidateConditions(List<string> conditions, string? url, Dictionary<string, string[]> errors)
    {
        if (conditions.Count > MaxConditions)
        {
            errors["conditions"] = [$"At most {MaxConditions} conditions."];
            return;
        }

        var scheme = MonitorTarget.Validate(url) is null ? new Uri(url!).Scheme : null;
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

    private static bool IsTag(string? tag) =>
        tag is { Length: > 0 and <= 64 } && tag.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:/".Contains(c));

    // RFC 9110 token characters for names; no control characters (CR/LF would split the request) in values.
    private static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsHeaderValue(string? value) =>
        value is { Length: <= 8192 } && !value.Any(char.IsControl);
}
