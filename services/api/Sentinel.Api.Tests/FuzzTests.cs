using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Sentinel.Api.Tests;

/// <summary>The API with limits out of the way, so that every fuzzed request reaches validation.</summary>
public sealed class UnlimitedApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Api:RateLimits:WritesPerMinute"] = "1000000" };
}

public sealed class FuzzTests(UnlimitedApiFactory api) : IClassFixture<UnlimitedApiFactory>
{
    private static readonly string[] MonitorBodies =
    [
        """{"name":"checkout","url":"https://shop.example/health","intervalSeconds":30,"timeoutSeconds":5,"headers":{"Accept":"application/json"},"expectedStatusCodes":[200],"tags":["prod"]}""",
        """{"name":"orders","url":"https://shop.example/orders","method":"POST","body":"{\"probe\":true}","contentType":"application/json","conditions":["[STATUS] == 200"]}""",
        """{"name":"db","url":"tcp://db.internal:5432","failureThreshold":3,"successThreshold":2,"enabled":false}""",
    ];

    private static readonly string[] ChannelBodies =
    [
        """{"name":"mail","type":"email","config":{"to":["ops@example.com","Ops <oncall@example.com>"]},"default":false}""",
        """{"name":"hook","type":"webhook","config":{"url":"https://203.0.113.7/hook"}}""",
    ];

    private static readonly string[] KeyBodies = ["""{"name":"ci","scope":"write"}"""];

    private static readonly string[] Junk =
    [
        "null", "true", "-1", "0", "1e400", "99999999999999999999", "\"\"", "\"x\"", "[]", "{}", "[null]", "{\"a\":1}",
        "\"" + new string('x', 5000) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"http://[::1\"", "\"tcp://:0\"", "\"javascript:alert(1)\"",
        "[" + string.Join(",", Enumerable.Repeat("1", 500)) + "]", new string('[', 200) + new string(']', 200), "NaN", "\"GET\\r\\nX: y\"",
        "\"a\\u0000b\"", "\"\\u0007\"", "\"\\u001b[31m\"", "\"\\u0085\"", "\"\\udc00x\"", "[\"ops@example.com\",null]", "[\"x.@example.test\"]",
        "{\"\\u0000\":\"x\"}", "{\"X-A\\r\\nB\":\"1\"}", "{\"to\":[null]}", "{\"to\":\"ops@example.com\"}", "[[\"x\"]]", "[{}]", "\"2026-01-01\"",
    ];

    /// <summary>
    /// Every write route, and the reads that take text, with bodies mutated from valid ones: each answers with a
    /// client error or success, never 500, and nothing is written half way.
    /// </summary>
    [Fact]
    public async Task Two_thousand_malformed_requests_get_no_500_and_write_nothing_half_way()
    {
        var client = api.CreateAuthorizedClient();
        var random = new Random(20261124);
        var monitorCreated = await client.PostAsync("/api/v1/monitors", Json(MonitorBodies[0]));
        Assert.True(monitorCreated.StatusCode == HttpStatusCode.Created, await monitorCreated.Content.ReadAsStringAsync());
        var monitor = monitorCreated.Headers.Location!.ToString();
        var channelCreated = await client.PostAsync("/api/v1/channels", Json(ChannelBodies[0]));
        Assert.True(channelCreated.StatusCode == HttpStatusCode.Created, await channelCreated.Content.ReadAsStringAsync());
        var channel = channelCreated.Headers.Location!.ToString();
        // The other tests of the class share the database.
        int created;
        await using (var db = api.Database.CreateDbContext())
        {
            created = await db.Monitors.CountAsync();
        }

        var failures = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var (method, path, valid, mediaType) = random.Next(12) switch
            {
                0 => (HttpMethod.Put, monitor, MonitorBodies, "application/json"),
                1 => (HttpMethod.Patch, monitor, MonitorBodies, "application/merge-patch+json"),
                2 => (HttpMethod.Post, "/api/v1/channels", ChannelBodies, "application/json"),
                3 => (HttpMethod.Put, channel, ChannelBodies, "application/json"),
                4 => (HttpMethod.Patch, channel, ChannelBodies, "application/merge-patch+json"),
                5 => (HttpMethod.Post, "/api/v1/keys", KeyBodies, "application/json"),
                // An existing channel would wait for an alerter these tests do not run.
                6 => (HttpMethod.Post, $"/api/v1/channels/{Guid.NewGuid()}/test", ChannelBodies, "application/json"),
                7 => (HttpMethod.Post, "/api/v1/heartbeats/" + Uri.EscapeDataString(random.Next(3) == 0 ? "tok\u0007en" : Junk[random.Next(Junk.Length)]), KeyBodies, "application/json"),
                8 => (HttpMethod.Get, "/api/v1/monitors?" + Query(random), MonitorBodies, ""),
                9 => (HttpMethod.Get, monitor + "/history?" + Query(random), MonitorBodies, ""),
                _ => (HttpMethod.Post, "/api/v1/monitors", MonitorBodies, "application/json"),
            };
            // Now and then a body meant for another route: every field of the wrong type.
            var body = Mutate(random.Next(5) == 0 ? MonitorBodies.Concat(ChannelBodies).ElementAt(random.Next(MonitorBodies.Length + ChannelBodies.Length)) : valid[random.Next(valid.Length)], random);
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get)
            {
                request.Content = new StringContent(body, Encoding.UTF8, random.Next(10) == 0 ? "text/plain" : mediaType);
            }

            var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {path} {body[..Math.Min(body.Length, 200)]} -> {(int)response.StatusCode}");
            }

            if (method == HttpMethod.Post && path == "/api/v1/monitors" && response.StatusCode == HttpStatusCode.Created)
            {
                created++;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        await using var check = api.Database.CreateDbContext();
        Assert.Equal(created, await check.Monitors.CountAsync());
        Assert.All(await check.Monitors.ToListAsync(), m => Assert.False(string.IsNullOrEmpty(m.Name) || m.Check is null));
    }

    public static TheoryData<string, string, string, string> UnstorableText => new()
    {
        { "POST", "/api/v1/monitors", """{"name":"a\u0000b","url":"https://shop.example/"}""", "name" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","body":"\u0000"}""", "body" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","conditions":["[BODY] == \u0000"]}""", "conditions[0]" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","headers":{"X-A":"a\u0000"}}""", "headers.X-A" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","headers":{"X-\u0000":"a"}}""", "headers" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","tags":["prod","\u001b[31m"]}""", "tags[1]" },
        { "POST", "/api/v1/monitors", """{"name":"shop","url":"https://shop.example/","tags":["prod",null]}""", "tags[1]" },
        { "POST", "/api/v1/monitors", """{"name":"sh\ud800op","url":"https://shop.example/"}""", "name" },
        { "PUT", "{monitor}", """{"name":"shop","url":"https://shop.example/\u0000"}""", "url" },
        { "PATCH", "{monitor}", """{"name":"\u0007"}""", "name" },
        { "POST", "/api/v1/channels", """{"name":"a\u0000","type":"email","config":{"to":["ops@example.com"]}}""", "name" },
        { "POST", "/api/v1/channels", """{"name":"mail","type":"email","config":{"to":[null]}}""", "config.to[0]" },
        { "POST", "/api/v1/channels", """{"name":"mail","type":"email","config":{"to":["ops@example.com\u0000"]}}""", "config.to[0]" },
        { "PUT", "{channel}", """{"name":"mail","type":"email","config":{"to":["ops\u0085@example.com"]}}""", "config.to[0]" },
        { "PATCH", "{channel}", """{"config":{"to":[null]}}""", "config.to[0]" },
        { "POST", "/api/v1/keys", """{"name":"ci\u0000"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task Text_the_database_cannot_store_or_null_in_a_list_is_a_400_naming_the_field(string method, string route, string body, string field)
    {
        var client = api.CreateAuthorizedClient();
        var path = route switch
        {
            "{monitor}" => (await client.PostAsync("/api/v1/monitors", Json(MonitorBodies[1]))).Headers.Location!.ToString(),
            "{channel}" => (await client.PostAsync("/api/v1/channels", Json(ChannelBodies[0]))).Headers.Location!.ToString(),
            _ => route,
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, method == "PATCH" ? "application/merge-patch+json" : "application/json"),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(field, Assert.Single(errors).Key);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>One of: a cut, a stray byte, a field's value swapped for junk, or junk as the whole body.</summary>
    private static string Mutate(string valid, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return valid[..random.Next(valid.Length)];
            case 1:
                var at = random.Next(valid.Length);
                return valid[..at] + (char)random.Next(0, 256) + valid[at..];
            case 2:
                var fields = System.Text.RegularExpressions.Regex.Matches(valid, "\"(\\w+)\":");
                var field = fields[random.Next(fields.Count)];
                var valueStart = field.Index + field.Length;
                var valueEnd = FindValueEnd(valid, valueStart);
                return valid[..valueStart] + Junk[random.Next(Junk.Length)] + valid[valueEnd..];
            default:
                return Junk[random.Next(Junk.Length)];
        }
    }

    private static int FindValueEnd(string json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') { i++; }
                else if (c == '"') { inString = false; }
                continue;
            }

            switch (c)
            {
                case '"': inString = true; break;
                case '[' or '{': depth++; break;
                case ']' or '}' when depth == 0: return i;
                case ']' or '}': depth--; break;
                case ',' when depth == 0: return i;
            }
        }

        return json.Length;
    }

    private static string Query(Random random)
    {
        string[] keys = ["limit", "cursor", "from", "to", "status", "name", "tag"];
        string[] values = ["-1", "0", "abc", "1001", "99999999999", "2026-13-45", "%00", "%FF%FE", "CN9KC2r0s7QAABh82XyKNkKICN9KC2r0", new string('z', 300), "up", "'; DROP TABLE monitors; --", "a\0b", "\u001b[31m"];
        return string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{keys[random.Next(keys.Length)]}={Uri.EscapeDataString(values[random.Next(values.Length)])}"));
    }
}
