using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Sentinel.Scheduler.Dispatch;

namespace Sentinel.Bench;

public sealed record OperationLatency(int Requests, double P50Ms, double P99Ms, double MaxMs);

/// <summary>The scheduler's claim as PostgreSQL runs it with many monitors registered.</summary>
public sealed record ClaimPlan(string Plan, bool UsesDueIndex, bool ScansTable, long SharedBuffers, double ExecutionMs, int Claimed);

public sealed record ApiResult
{
    public required int Monitors { get; init; }
    public required int IntervalSeconds { get; init; }
    public required Dictionary<string, OperationLatency> Operations { get; init; }
    public required ClaimPlan Claim { get; init; }
}

/// <summary>
/// With many monitors registered and being checked, times the API as a user's script or dashboard meets it, one
/// request at a time: listing pages, creating, updating. Then explains the scheduler's claim on that table.
/// </summary>
public sealed class ApiLatency(HttpClient api, NpgsqlDataSource db, string targetUrl)
{
    public async Task<ApiResult> RunAsync(SentinelLoad load, int monitors, int intervalSeconds, int requests, Action<string> progress)
    {
        progress($"API with {monitors} monitors registered (checked every {intervalSeconds} s)");
        await load.SeedAsync(monitors, intervalSeconds, TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var operations = await TimeOperationsAsync(requests);
        var claim = await ExplainClaimAsync();
        await load.PauseAsync();
        return new ApiResult
        {
            Monitors = monitors,
            IntervalSeconds = intervalSeconds,
            Operations = operations,
            Claim = claim,
        };
    }

    /// <summary>
    /// Times <paramref name="requests"/> of each operation on the monitors registered now, after a warm-up of each:
    /// list pages (following the cursor), then creates, then updates of the monitors created.
    /// </summary>
    public async Task<Dictionary<string, OperationLatency>> TimeOperationsAsync(int requests)
    {
        // Warm the API's paths (JIT, connection pool) before timing them.
        var warm = await CreateAsync(0);
        await UpdateAsync(warm, 0);
        await api.GetAsync("/api/v1/monitors?limit=100");

        var list = new List<double>();
        string? cursor = null;
        for (var i = 0; i < requests; i++)
        {
            var page = await TimeAsync(list, () => api.GetAsync(cursor is null ? "/api/v1/monitors?limit=100" : $"/api/v1/monitors?limit=100&cursor={Uri.EscapeDataString(cursor)}"));
            cursor = page["next"]?.GetValue<string>();
        }

        var create = new List<double>();
        var created = new List<Guid>();
        for (var i = 0; i < requests; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            created.Add(await CreateAsync(i + 1));
            create.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var update = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await UpdateAsync(created[i], i);
            update.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return new Dictionary<string, OperationLatency>
        {
            ["list (100 per page)"] = Summarise(list),
            ["create"] = Summarise(create),
            ["update"] = Summarise(update),
        };
    }

    private async Task<Guid> CreateAsync(int i)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/monitors", Monitor($"api-bench-{i}"));
        var body = await Read(response);
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    private async Task UpdateAsync(Guid id, int i)
    {
        using var response = await api.PutAsJsonAsync($"/api/v1/monitors/{id}", Monitor($"api-bench-{i}-renamed"));
        await Read(response);
    }

    private object Monitor(string name) => new { name, url = targetUrl, intervalSeconds = 60, tags = new[] { "api-bench" } };

    private static async Task<JsonNode> TimeAsync(List<double> into, Func<Task<HttpResponseMessage>> send)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await send();
        var body = await Read(response);
        into.Add(stopwatch.Elapsed.TotalMilliseconds);
        return body;
    }

    private static async Task<JsonNode> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    private static OperationLatency Summarise(List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        return new OperationLatency(sorted.Length, Percentiles.Of(sorted, 0.5), Percentiles.Of(sorted, 0.99), sorted[^1]);
    }

    /// <summary>
    /// EXPLAIN ANALYZE of the real claim with the scheduler's batch size and of the update that follows it, in a
    /// transaction rolled back so that the monitors claimed stay due for the scheduler.
    /// </summary>
    public async Task<ClaimPlan> ExplainClaimAsync()
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var claim = await ExplainAsync(connection, DueCheckDispatcher.ClaimSql, 1000);
        var ids = new List<Guid>();
        await using (var select = new NpgsqlCommand(DueCheckDispatcher.ClaimSql, connection) { Parameters = { new NpgsqlParameter { Value = 1000 } } })
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var advance = await ExplainAsync(connection, DueCheckDispatcher.AdvanceSql, ids.ToArray());
        await transaction.RollbackAsync();

        var nodes = new List<JsonNode>();
        Flatten(claim["Plan"]!, nodes);
        var claimNodes = nodes.Count;
        Flatten(advance["Plan"]!, nodes);
        string Describe(JsonNode n) => n["Index Name"] is { } index
            ? $"{n["Node Type"]} using {index}"
            : n["Relation Name"] is { } relation ? $"{n["Node Type"]} on {relation}" : n["Node Type"]!.ToString();
        long Buffers(JsonNode plan) => plan["Shared Hit Blocks"]!.GetValue<long>() + plan["Shared Read Blocks"]!.GetValue<long>();
        return new ClaimPlan(
            $"claim: {string.Join(" > ", nodes.Take(claimNodes).Select(Describe))}; advance: {string.Join(" > ", nodes.Skip(claimNodes).Select(Describe))}",
            nodes.Take(claimNodes).Any(n => n["Index Name"]?.GetValue<string>() == "ix_monitor_schedule_due"),
            nodes.Any(n => n["Node Type"]!.GetValue<string>() == "Seq Scan" && n["Relation Name"]?.GetValue<string>() is "monitors" or "monitor_schedule"),
            Buffers(claim["Plan"]!) + Buffers(advance["Plan"]!),
            claim["Execution Time"]!.GetValue<double>() + advance["Execution Time"]!.GetValue<double>(),
            ids.Count);
    }

    private static async Task<JsonNode> ExplainAsync(NpgsqlConnection connection, string sql, object parameter)
    {
        await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", connection) { Parameters = { new NpgsqlParameter { Value = parameter } } };
        return JsonNode.Parse((string)(await command.ExecuteScalarAsync())!)![0]!;
    }

    private static void Flatten(JsonNode plan, List<JsonNode> into)
    {
        into.Add(plan);
        foreach (var child in plan["Plans"]?.AsArray() ?? [])
        {
            Flatten(child!, into);
        }
    }
}
