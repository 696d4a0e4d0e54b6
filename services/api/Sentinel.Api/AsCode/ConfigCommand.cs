using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.AsCode.Import;
using Sentinel.Api.Auth;

namespace Sentinel.Api.AsCode;

/// <summary>
/// What the config commands use beyond their arguments: the process's own (<see cref="OfProcess"/>), or a test's.
/// </summary>
public sealed record ConfigCommandEnvironment
{
    /// <summary>The client <c>apply</c> posts with; a test passes the in-process api's.</summary>
    public required HttpClient Http { get; init; }

    /// <summary>An environment variable's value, null when unset.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Whether the plan is coloured: only on a terminal, and never with NO_COLOR set (no-color.org).</summary>
    public bool Colour { get; init; }

    /// <summary>The importers by the name <c>import</c> takes.</summary>
    public IReadOnlyDictionary<string, Func<string, ImportedConfig>> Importers { get; init; } = ConfigCommand.Importers;

    public static ConfigCommandEnvironment OfProcess() => new()
    {
        Http = new HttpClient(),
        Colour = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
    };
}

/// <summary>
/// The <c>apply</c> and <c>import</c> commands of the api binary (<c>./sentinel apply|import …</c> runs them): clients
/// that read files and talk HTTP to a running Sentinel, needing neither its database nor its broker. The plan and the
/// imported YAML go to standard output; errors, and what an import left out, to standard error.
/// </summary>
public static class ConfigCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public const string ApplyUsage = """
        Usage: apply -f FILE|DIR [-f FILE|DIR ...] [--dry-run] [--prune] [--adopt] [--verbose]
                     [--source NAME] [--url URL] [--key KEY]

        Makes a Sentinel hold what the files say (docs/as-code.md) and prints what changed: + created,
        ~ updated (field by field), - deleted. A directory stands for every .yaml, .yml and .json file
        under it, hidden ones left out. ${NAME} is replaced by the environment variable NAME ($${NAME}
        for a literal ${NAME}).

          -f, --file PATH   a file or directory to apply (several: all of them, as one configuration)
          --dry-run         print the plan only; change nothing
          --prune           delete what this source created earlier and the files no longer list
          --adopt           take over objects of the same name that were made by hand
          --verbose         list the unchanged objects too
          --source NAME     which apply owns the objects it creates (default: the -f paths as typed,
                            without a leading ./ or a trailing /, several joined by +; so
                            -f monitors/ is the source "monitors"). Keep it the same from run to run:
                            --prune deletes only what this source made
          --url URL         the Sentinel to apply to (default: $SENTINEL_URL, else http://127.0.0.1:8000)
          --key KEY         an API key that may write (default: $SENTINEL_API_KEY)

        Exit status: 0 applied (or planned), 1 the configuration is invalid (each error printed as
        FILE:LINE: PATH: MESSAGE), 2 anything else (bad usage, Sentinel unreachable, key refused).
        """;

    public const string ImportUsage = """
        Usage: import gatus FILE [-o OUT]         a Gatus config.yaml
               import uptime-kuma FILE [-o OUT]   an Uptime Kuma backup (Settings > Backup > Export)

        Writes the file's monitors, alerts and maintenance as Sentinel's configuration (docs/as-code.md) to
        standard output or OUT, to review and then apply with ./sentinel apply -f OUT. What has no
        equivalent is listed on standard error under "Not imported:".
        Exit status: 0 written, 2 the file cannot be read or is not the tool's configuration.
        """;

    /// <summary>The importers by the name <c>import</c> takes.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, ImportedConfig>> Importers =
        new Dictionary<string, Func<string, ImportedConfig>>
        {
            ["gatus"] = GatusImport.Import,
            ["uptime-kuma"] = UptimeKumaImport.Import,
        };

    private const string ApplyRoute = "/api/v1/apply";

    /// <summary>Compact JSON that keeps non-ASCII text readable in a terminal (a plan is read, not parsed).</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <c>apply …</c> or <c>import …</c>; the answer is the process's exit code (see the usage texts).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, ConfigCommandEnvironment environment) =>
        args.FirstOrDefault() switch
        {
            "apply" => await ApplyAsync([.. args.Skip(1)], output, error, environment),
            "import" => await ImportAsync([.. args.Skip(1)], output, error, environment),
            _ => await UsageAsync(error, null, ApplyUsage + "\n" + ImportUsage),
        };

    private sealed record ApplyArguments(
        List<string> Paths, bool DryRun, bool Prune, bool Adopt, bool Verbose, string? Source, string? Url, string? Key);

    private static async Task<int> ApplyAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, ConfigCommandEnvironment environment)
    {
        var (arguments, usageError) = ParseApply(args);
        if (arguments is null)
        {
            if (usageError is null)
            {
                await output.WriteLineAsync(ApplyUsage);
                return 0;
            }

            return await UsageAsync(error, usageError, ApplyUsage);
        }

        var url = (arguments.Url ?? NonEmpty(environment.Variable("SENTINEL_URL")) ?? DefaultUrl).TrimEnd('/');
        if (!Uri.TryCreate(url + ApplyRoute, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return await UsageAsync(error, $"the URL '{url}' is not an http:// or https:// address.", ApplyUsage);
        }

        var (found, notFound) = ConfigFiles.Collect(arguments.Paths);
        if (notFound is not null)
        {
            await error.WriteLineAsync(notFound);
            return 2;
        }

        var files = new JsonArray();
        var expansionErrors = new List<string>();
        foreach (var (name, path) in found)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"{name}: cannot read it ({e.Message}).");
                return 2;
            }

            var (expanded, errors) = ConfigFiles.Expand(name, text, environment.Variable);
            expansionErrors.AddRange(errors);
            files.Add(new JsonObject { ["name"] = name, ["content"] = expanded });
        }

        if (expansionErrors.Count > 0)
        {
            foreach (var line in expansionErrors)
            {
                await error.WriteLineAsync(line);
            }

            await error.WriteLineAsync($"{Count(expansionErrors.Count, "error")}: nothing was sent.");
            return 1;
        }

        var source = arguments.Source ?? ConfigFiles.DefaultSource(arguments.Paths);
        var body = new JsonObject
        {
            ["source"] = source,
            ["prune"] = arguments.Prune,
            ["dryRun"] = arguments.DryRun,
            ["adopt"] = arguments.Adopt,
            ["files"] = files,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var key = arguments.Key ?? NonEmpty(environment.Variable("SENTINEL_API_KEY"));
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
        }

        HttpResponseMessage response;
        string answer;
        try
        {
            response = await environment.Http.SendAsync(request);
            answer = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var why = e is TaskCanceledException ? "no answer in time" : e.Message;
            await error.WriteLineAsync($"Cannot reach Sentinel at {url} ({why}). Is it running? Give its address with --url or SENTINEL_URL.");
            return 2;
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.OK && Parse(answer) is { } plan)
            {
                WritePlan(plan, output, arguments.Verbose, environment.Colour);
                return 0;
            }

            var hint = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "Give an API key that may write with --key or SENTINEL_API_KEY.",
                HttpStatusCode.Forbidden => "This key may only read: give one that may write.",
                HttpStatusCode.BadRequest when arguments.Source is null && Parse(answer)?["errors"] is JsonObject fields && fields.ContainsKey("source")
                    => $"(The source defaulted to '{source}', from -f; --source NAME names it.)",
                _ => null,
            };
            await WriteProblemAsync((int)response.StatusCode, response.ReasonPhrase, answer, error, hint);
            return response.StatusCode is HttpStatusCode.BadRequest ? 1 : 2;
        }
    }

    /// <summary>The arguments, or the usage error; neither for <c>--help</c>.</summary>
    private static (ApplyArguments? Arguments, string? Error) ParseApply(IReadOnlyList<string> args)
    {
        var paths = new List<string>();
        bool dryRun = false, prune = false, adopt = false, verbose = false;
        string? source = null, url = null, key = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inline) = args[i].StartsWith("--", StringComparison.Ordinal) && args[i].IndexOf('=') is var at and > 0
                ? (args[i][..at], args[i][(at + 1)..])
                : (args[i], null);
            switch (option)
            {
                case "-h" or "--help":
                    return (null, null);
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--prune":
                    prune = true;
                    break;
                case "--adopt":
                    adopt = true;
                    break;
                case "-v" or "--verbose":
                    verbose = true;
                    break;
                case "-f" or "--file" or "--source" or "--url" or "--key":
                    var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                    if (string.IsNullOrEmpty(value))
                    {
                        return (null, $"{option} needs a value.");
                    }

                    if (option is "-f" or "--file")
                    {
                        paths.Add(value);
                    }
                    else if ((option is "--source" ? source : option is "--url" ? url : key) is not null)
                    {
                        return (null, $"{option} is given twice.");
                    }

                    source = option is "--source" ? value : source;
                    url = option is "--url" ? value : url;
                    key = option is "--key" ? value : key;
                    break;
                default:
                    return (null, option.StartsWith('-') ? $"unknown option '{option}'." : $"'{option}' is not an option: give files with -f {option}.");
            }
        }

        return paths.Count == 0
            ? (null, "give at least one file or directory with -f.")
            : (new ApplyArguments(paths, dryRun, prune, adopt, verbose, source, url, key), null);
    }

    /// <summary>
    /// Prints an apply's answer (the 200 body of <c>POST /api/v1/apply</c>) as a person reads a diff: <c>+</c> each
    /// object created, <c>~</c> each one updated with a line per field (<c>field: from → to</c>), <c>-</c> each one
    /// deleted, the unchanged ones only counted unless <paramref name="verbose"/>; then the summary, and whether
    /// anything was changed.
    /// </summary>
    public static void WritePlan(JsonObject plan, TextWriter output, bool verbose, bool colour)
    {
        var changes = plan["changes"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        foreach (var change in changes)
        {
            var action = (string?)change["action"];
            var (mark, paint) = action switch
            {
                "create" => ("+", Green),
                "update" => ("~", Yellow),
                "delete" => ("-", Red),
                _ => ("=", ""),
            };
            if (action is "unchanged" && !verbose)
            {
                continue;
            }

            var where = (string?)change["document"] is { } document
                ? change["line"] is { } line ? $"  ({document}:{line.ToJsonString()})" : $"  ({document})"
                : "";
            output.WriteLine(Paint($"{mark} {KindName((string?)change["kind"])} {Quoted((string?)change["name"])}", paint, colour) + where);
            foreach (var field in change["fields"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                var difference = (bool?)field["secret"] is true
                    ? "(secret changed)"
                    : $"{Value(field["from"])} → {Value(field["to"])}";
                output.WriteLine(Paint($"    {(string?)field["field"]}: {difference}", paint, colour));
            }
        }

        var summary = plan["summary"];
        output.WriteLine(
            $"Plan: {Number(summary?["create"])} to create, {Number(summary?["update"])} to update, "
            + $"{Number(summary?["delete"])} to delete, {Number(summary?["unchanged"])} unchanged.");
        output.WriteLine((bool?)plan["dryRun"] is true ? "Dry run: nothing was changed."
            : (bool?)plan["applied"] is true ? "Applied."
            : "Nothing was changed.");
    }

    /// <summary>
    /// Prints a failed answer to standard error: for an invalid configuration each error as <c>FILE:LINE: PATH: MESSAGE</c>
    /// (the parts that are not known left out), then the problem's title and detail; for anything else those, or the
    /// status when the answer is not a problem document.
    /// </summary>
    public static async Task WriteProblemAsync(int status, string? reason, string body, TextWriter error, string? hint = null)
    {
        var problem = Parse(body);
        foreach (var item in problem?["errors"] is JsonArray errors ? errors.OfType<JsonObject>() : [])
        {
            var line = item["line"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
            await error.WriteLineAsync(new ConfigError((string?)item["document"] ?? "", line, (string?)item["path"] ?? "", (string?)item["message"] ?? "").ToString());
        }

        // A request the server refused before reading any document (a bad source) is a validation problem: messages by field.
        foreach (var (field, messages) in problem?["errors"] is JsonObject byField ? byField : [])
        {
            foreach (var message in messages is JsonArray list ? list.Select(m => (string?)m) : [])
            {
                await error.WriteLineAsync($"{field}: {message}");
            }
        }

        var title = (string?)problem?["title"];
        var detail = (string?)problem?["detail"];
        await error.WriteLineAsync(title is null && detail is null
            ? $"Sentinel answered {status}{(string.IsNullOrEmpty(reason) ? "" : $" {reason}")}."
            : string.Join(": ", new[] { title, detail }.Where(part => !string.IsNullOrEmpty(part))));
        if (hint is not null)
        {
            await error.WriteLineAsync(hint);
        }
    }

    private static async Task<int> ImportAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, ConfigCommandEnvironment environment)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            await output.WriteLineAsync(ImportUsage);
            return 0;
        }

        var (tool, file, outPath) = args switch
        {
            [var t, var f] => (t, f, null),
            [var t, var f, "-o" or "--output", var o] => (t, f, o),
            _ => (null, null, (string?)null),
        };
        if (tool is null || file is null)
        {
            return await UsageAsync(error, "import takes a tool, one file and optionally -o OUT.", ImportUsage);
        }

        if (!environment.Importers.TryGetValue(tool, out var importer))
        {
            return await UsageAsync(error, $"there is no importer for '{tool}' (only {string.Join(" and ", environment.Importers.Keys)}).", ImportUsage);
        }

        ImportedConfig imported;
        try
        {
            imported = importer(await File.ReadAllTextAsync(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{file}: cannot read it ({e.Message}).");
            return 2;
        }
        catch (ImportException e)
        {
            await error.WriteLineAsync($"{file}: {e.Message}");
            return 2;
        }

        var applyPath = outPath ?? "FILE.yaml";
        var yaml = $"""
            # yaml-language-server: $schema={DefaultUrl}/api/v1/schema/config.json
            # Generated from {file} by `./sentinel import {tool} {file}`.
            # Review it, then: ./sentinel apply -f {applyPath} --dry-run

            """ + ConfigYaml.Write(imported.Document);
        if (outPath is null)
        {
            await output.WriteAsync(yaml);
        }
        else
        {
            try
            {
                await File.WriteAllTextAsync(outPath, yaml);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"{outPath}: cannot write it ({e.Message}).");
                return 2;
            }
        }

        if (imported.NotMapped.Count > 0)
        {
            await error.WriteLineAsync("Not imported:");
            foreach (var line in imported.NotMapped)
            {
                await error.WriteLineAsync($"  {line}");
            }
        }

        if (outPath is not null)
        {
            await error.WriteLineAsync($"Wrote {outPath}.");
        }

        return 0;
    }

    private static async Task<int> UsageAsync(TextWriter error, string? problem, string usage)
    {
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}");
        }

        await error.WriteLineAsync(usage);
        return 2;
    }

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string KindName(string? kind) => kind switch
    {
        "escalationPolicy" => "escalation policy",
        "maintenanceWindow" => "maintenance window",
        "statusPage" => "status page",
        _ => kind ?? "object",
    };

    private static string Quoted(string? name) => JsonSerializer.Serialize(name ?? "", Compact);

    private static string Value(JsonNode? value) => value?.ToJsonString(Compact) ?? "null";

    private static string Number(JsonNode? value) => value?.ToJsonString() ?? "0";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private const string Green = "\e[32m";
    private const string Yellow = "\e[33m";
    private const string Red = "\e[31m";

    private static string Paint(string text, string colour, bool enabled) =>
        enabled && colour.Length > 0 ? $"{colour}{text}\e[0m" : text;
}
