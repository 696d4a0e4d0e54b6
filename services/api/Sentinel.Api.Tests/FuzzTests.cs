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
    private static readonly string[] ValidBodies =
    [
        """{"name":"checkout","url":"https://shop.example/health","intervalSeconds":30,"timeoutSeconds":5,"headers":{"Accept":"application/json"},"expectedStatusCodes":[200],"tags":["prod"]}""",
        """{"name":"db","url":"tcp://db.internal:5432","failureThreshold":3,"successThreshold":2,"enabled":false}""",
    ];

    private static readonly string[] Junk =
    [
        "null", "true", "-1", "0", "1e400", "99999999999999999999", "\"\"", "\"x\"", "[]", "{}", "[null]", "{\"a\":1}",
        "\"" + new string('x', 5000) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"http://[::1\"", "\"tcp://:0\"", "\"javascript:alert(1)\"",
        "[" + string.Join(",", Enumerable.Repeat("1", 500)) + "]", new string('[', 200) + new string(']', 200), "NaN", "\"GET\\r\\nX: y\"",
    ];

    [Fact]
    public async Task A_thousand_malformed_requests_get_no_500_and_write_nothing_half_way()
    {
        var client = api.CreateAuthorizedClient();
        var random = new Random(20261124);
        var target = (await client.PostAsync("/api/v1/monitors", Json(ValidBodies[0]))).Headers.Location!.ToString();
        await using (var db = api.Database.CreateDbContext())
        {
            Assert.Equal(1, await db.Monitors.CountAsync());
        }

        var created = 1;
        var failures = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            var body = Mutate(ValidBodies[random.Next(ValidBodies.Length)], random);
            var (method, path) = random.Next(6) switch
            {
                0 => (HttpMethod.Put, target),
                1 => (HttpMethod.Post, "/api/v1/channels"),
                2 => (HttpMethod.Post, "/api/v1/keys"),
                3 => (HttpMethod.Get, "/api/v1/monitors?" + Query(random)),
                4 => (HttpMethod.Get, target + "/history?" + Query(random)),
                _ => (HttpMethod.Post, "/api/v1/monitors"),
            };
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get)
            {
                request.Content = random.Next(10) == 0 ? new StringContent(body, Encoding.UTF8, "text/plain") : Json(body);
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
        string[] values = ["-1", "0", "abc", "1001", "99999999999", "2026-13-45", "%00", "%FF%FE", "CN9KC2r0s7QAABh82XyKNkKICN9KC2r0", new string('z', 300), "up", "'; DROP TABLE monitors; --"];
        return string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{keys[random.Next(keys.Length)]}={Uri.EscapeDataString(values[random.Next(values.Length)])}"));
    }
}
