using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sentinel.Api.AsCode;
using Sentinel.Api.AsCode.Import;
using Sentinel.Testing;

namespace Sentinel.Api.Tests.AsCode;

/// <summary>
/// <c>apply</c> and <c>import</c> as a person at a shell sees them: which files are sent under which names, what
/// <c>${NAME}</c> becomes, the plan and the errors printed, the exit codes. The api's answers are the contract's
/// (docs/as-code.md), given by <see cref="AnsweringHandler"/>; <see cref="ConfigCommandApiTests"/> runs against the api.
/// </summary>
public sealed class ConfigCommandTests : IDisposable
{
    private const string Url = "http://sentinel.test";

    private readonly string _root = Directory.CreateTempSubdirectory("sentinel-config-").FullName;

    /// <summary><see cref="_root"/> as a person would type it from the test's current directory.</summary>
    private string Typed => Path.GetRelativePath(Environment.CurrentDirectory, _root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_directory_stands_for_its_yaml_yml_and_json_files_at_any_depth_sorted_by_path_without_hidden_ones()
    {
        Write("monitors/shop.yaml", "monitors: []");
        Write("monitors/b/api.yml", "monitors: []");
        Write("monitors/a.json", "{}");
        Write("monitors/README.md", "not config");
        Write("monitors/.draft.yaml", "monitors: []");
        Write("monitors/.git/config.yaml", "monitors: []");
        Write("monitors/b/.cache/x.json", "{}");

        var (files, error) = ConfigFiles.Collect([$"./{Typed}/monitors/"]);

        Assert.Null(error);
        Assert.Equal([$"{Typed}/monitors/a.json", $"{Typed}/monitors/b/api.yml", $"{Typed}/monitors/shop.yaml"], files.Select(f => f.Name));
    }

    [Fact]
    public void A_file_named_directly_is_sent_under_the_name_typed_and_a_file_named_twice_once()
    {
        Write("monitors/shop.yaml", "monitors: []");
        Write("extra.conf", "monitors: []");

        var (files, error) = ConfigFiles.Collect([$"{Typed}/extra.conf", $"{Typed}/monitors", $"./{Typed}/monitors/shop.yaml"]);

        Assert.Null(error);
        Assert.Equal([$"{Typed}/extra.conf", $"{Typed}/monitors/shop.yaml"], files.Select(f => f.Name));
    }

    [Fact]
    public void A_path_that_does_not_exist_or_a_directory_without_config_files_is_an_error_naming_it()
    {
        Write("docs/README.md", "no config");

        Assert.Equal($"{Typed}/nowhere: no such file or directory.", ConfigFiles.Collect([$"{Typed}/nowhere"]).Error);
        Assert.Equal($"{Typed}/docs: no .yaml, .yml or .json file under it.", ConfigFiles.Collect([$"{Typed}/docs"]).Error);
    }

    [Fact]
    public void The_source_defaults_to_the_paths_as_typed_without_a_leading_dot_slash_or_trailing_slash_joined_by_plus()
    {
        Assert.Equal("monitors", ConfigFiles.DefaultSource(["monitors/"]));
        Assert.Equal("monitors", ConfigFiles.DefaultSource(["./monitors"]));
        Assert.Equal("deploy/monitors+shared/channels.yaml", ConfigFiles.DefaultSource(["./deploy/monitors/", "shared/channels.yaml"]));
        Assert.Equal(".", ConfigFiles.DefaultSource(["./"]));
    }

    [Theory]
    [InlineData("webhookUrl: ${VALUE}", "https://hooks.slack.com/services/T0/B0/x?a=1&b=2")]
    [InlineData("webhookUrl: \"${VALUE}\"", "quote \" backslash \\ and\na line break")]
    [InlineData("webhookUrl: 'it''s ${VALUE}'", "it's")]
    [InlineData("webhookUrl: \"Bearer ${VALUE}\"", "t0k3n: # not a comment")]
    public void A_variable_reads_back_as_exactly_its_value_wherever_it_is_written(string line, string value)
    {
        var (text, errors) = ConfigFiles.Expand("a.yaml", $"channels:\n  - config:\n      {line}\n", Variables(("VALUE", value)));

        Assert.Empty(errors);
        var (documents, error) = ConfigYaml.Read("a.yaml", text);
        Assert.Null(error);
        var expected = line.Contains("Bearer") ? $"Bearer {value}" : line.Contains("it''s") ? $"it's {value}" : value;
        Assert.Equal(expected, (string?)documents[0].Content["channels"]![0]!["config"]!["webhookUrl"]);
        Assert.Equal(4, text.Split('\n').Length);
    }

    [Fact]
    public void An_unquoted_variable_may_be_a_number_a_doubled_dollar_is_literal_and_comments_are_left_alone()
    {
        var (text, errors) = ConfigFiles.Expand("a.yaml", """
            # ${UNSET} in a comment
            monitors:
              - name: "$${NAME} stays"   # ${UNSET} here too
                intervalSeconds: ${INTERVAL}
            """, Variables(("INTERVAL", "30")));

        Assert.Empty(errors);
        var monitor = ConfigYaml.Read("a.yaml", text).Documents[0].Content["monitors"]![0]!;
        Assert.Equal("${NAME} stays", (string?)monitor["name"]);
        Assert.Equal(30L, (long?)monitor["intervalSeconds"]);
    }

    [Fact]
    public void Every_unset_or_malformed_variable_is_an_error_naming_its_file_and_line()
    {
        var (_, errors) = ConfigFiles.Expand("monitors/shop.yaml", """
            channels:
              - name: ops
                config: {webhookUrl: "${SLACK_WEBHOOK_URL}", token: ${TOKEN}}
                description: ${not a name}
            """, Variables(("TOKEN", "set")));

        Assert.Equal(
            [
                "monitors/shop.yaml:3: SLACK_WEBHOOK_URL is not set in the environment.",
                "monitors/shop.yaml:4: ${ starts no ${NAME} (a letter or _, then letters, digits or _, then }); write $${ for a literal ${.",
            ],
            errors);
    }

    [Theory]
    [InlineData("*alias")]
    [InlineData("a: b")]
    [InlineData("two\nlines")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    public void A_value_yaml_would_read_as_syntax_unquoted_is_an_error_asking_for_quotes(string value)
    {
        var (_, errors) = ConfigFiles.Expand("a.yaml", "x:\n  token: ${TOKEN}\n", Variables(("TOKEN", value)));

        var error = Assert.Single(errors);
        Assert.StartsWith("a.yaml:2: TOKEN's value would not read as text here unquoted", error);
        Assert.EndsWith("write \"${TOKEN}\".", error);
    }

    [Fact]
    public async Task Apply_posts_the_expanded_files_with_the_source_the_flags_and_the_key()
    {
        Write("monitors/shop.yaml", "channels:\n  - name: ops\n    type: slack\n    config: {webhookUrl: ${HOOK}}\n");
        var api = new AnsweringHandler(HttpStatusCode.OK, Plan(dryRun: true, applied: false));

        var (exit, _, _) = await RunAsync(
            api, ["apply", "-f", $"./{Typed}/monitors/", "--dry-run", "--prune", "--url", Url + "/"],
            ("HOOK", "https://hooks.example/x"), ("SENTINEL_API_KEY", "write-key"));

        Assert.Equal(0, exit);
        var (request, body) = Assert.Single(api.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"{Url}/api/v1/apply", request.RequestUri!.ToString());
        Assert.Equal("write-key", request.Headers.GetValues("X-API-Key").Single());
        var sent = JsonNode.Parse(body)!;
        Assert.Equal($"{Typed}/monitors", (string?)sent["source"]);
        Assert.Equal((true, true, false), ((bool)sent["dryRun"]!, (bool)sent["prune"]!, (bool)sent["adopt"]!));
        var file = Assert.Single(sent["files"]!.AsArray())!;
        Assert.Equal($"{Typed}/monitors/shop.yaml", (string?)file["name"]);
        Assert.Contains("webhookUrl: https://hooks.example/x", (string?)file["content"]);
    }

    [Fact]
    public async Task An_unset_variable_stops_apply_before_anything_is_sent()
    {
        Write("a.yaml", "channels:\n  - config: {webhookUrl: ${HOOK}, token: ${TOKEN}}\n");
        var api = new AnsweringHandler(HttpStatusCode.OK, Plan(dryRun: false, applied: true));

        var (exit, output, error) = await RunAsync(api, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url]);

        Assert.Equal(1, exit);
        Assert.Empty(api.Requests);
        Assert.Equal("", output);
        Assert.Equal(
            $"{Typed}/a.yaml:2: HOOK is not set in the environment.\n{Typed}/a.yaml:2: TOKEN is not set in the environment.\n2 errors: nothing was sent.\n",
            error);
    }

    [Fact]
    public void The_plan_shows_each_creation_update_field_and_deletion_and_only_counts_the_unchanged()
    {
        var output = new StringWriter();

        ConfigCommand.WritePlan(JsonNode.Parse(Plan(dryRun: true, applied: false))!.AsObject(), output, verbose: false, colour: false);

        Assert.Equal(
            """
            + monitor "Shop API"  (monitors/shop.yaml:3)
            ~ monitor "Ingress"  (monitors/shop.yaml:12)
                intervalSeconds: 60 → 30
                conditions: ["[STATUS] == 200"] → ["[STATUS] == 200","[RESPONSE_TIME] < 500"]
                config.webhookUrl: (secret changed)
            - channel "old"
            + status page "shop"  (status-page.yaml)
            Plan: 2 to create, 1 to update, 1 to delete, 1 unchanged.
            Dry run: nothing was changed.

            """.ReplaceLineEndings("\n"),
            output.ToString());
    }

    [Fact]
    public void Verbose_lists_the_unchanged_and_an_applied_plan_says_so()
    {
        var output = new StringWriter();

        ConfigCommand.WritePlan(JsonNode.Parse(Plan(dryRun: false, applied: true))!.AsObject(), output, verbose: true, colour: false);

        Assert.Contains("= monitor \"Cache\"  (monitors/shop.yaml:20)\n", output.ToString());
        Assert.EndsWith("unchanged.\nApplied.\n", output.ToString());
    }

    [Fact]
    public void The_plan_is_coloured_only_when_asked()
    {
        var plain = new StringWriter();
        var coloured = new StringWriter();
        var plan = JsonNode.Parse(Plan(dryRun: true, applied: false))!.AsObject();

        ConfigCommand.WritePlan(plan, plain, verbose: false, colour: false);
        ConfigCommand.WritePlan(plan, coloured, verbose: false, colour: true);

        Assert.DoesNotContain('\e', plain.ToString());
        Assert.Contains("\e[32m+ monitor \"Shop API\"\e[0m", coloured.ToString());
        Assert.Contains("\e[31m- channel \"old\"\e[0m", coloured.ToString());
    }

    [Fact]
    public async Task An_invalid_configuration_prints_each_error_with_file_line_and_path_and_exits_1()
    {
        Write("a.yaml", "monitors: []");
        var api = new AnsweringHandler(HttpStatusCode.BadRequest, """
            { "title": "Invalid configuration", "status": 400, "detail": "3 errors: nothing was applied.",
              "errors": [ { "document": "monitors/api.yaml", "line": 12, "path": "monitors[0].url", "message": "Give a URL." },
                          { "document": "monitors/api.yaml", "line": 1, "path": "", "message": "Not valid YAML: oops" },
                          { "document": "monitors/db.yaml", "line": null, "path": "monitors[2].channels[0]", "message": "No channel is named 'ops'." } ] }
            """, "application/problem+json");

        var (exit, output, error) = await RunAsync(api, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url, "--source", "monitors"]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(
            """
            monitors/api.yaml:12: monitors[0].url: Give a URL.
            monitors/api.yaml:1: Not valid YAML: oops
            monitors/db.yaml: monitors[2].channels[0]: No channel is named 'ops'.
            Invalid configuration: 3 errors: nothing was applied.

            """.ReplaceLineEndings("\n"),
            error);
    }

    [Fact]
    public async Task A_refused_default_source_is_named_with_where_it_came_from_and_other_errors_are_not()
    {
        Write("a.yaml", "monitors: []");
        var refusedSource = new AnsweringHandler(HttpStatusCode.BadRequest, """
            { "title": "Invalid request", "status": 400, "errors": { "source": ["Required: 1 to 100 letters, digits and . _ / : @ + -."] } }
            """, "application/problem+json");
        var invalidDocument = new AnsweringHandler(HttpStatusCode.BadRequest, """
            { "title": "Invalid configuration", "status": 400, "detail": "1 error: nothing was applied.",
              "errors": [ { "document": "a.yaml", "line": 1, "path": "monitors", "message": "Bad." } ] }
            """, "application/problem+json");

        var (exit, _, error) = await RunAsync(refusedSource, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url]);
        var (_, _, otherError) = await RunAsync(invalidDocument, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url]);

        Assert.Equal(1, exit);
        Assert.Contains("source: Required: 1 to 100 letters", error);
        Assert.Contains("(The source defaulted to", error);
        Assert.DoesNotContain("The source defaulted", otherError);
    }

    [Fact]
    public async Task A_refused_key_or_a_failing_server_exits_2_saying_what_it_answered()
    {
        Write("a.yaml", "monitors: []");
        var refused = new AnsweringHandler(HttpStatusCode.Unauthorized,
            """{"title": "Unauthorized", "status": 401, "detail": "Give an API key."}""", "application/problem+json");
        var failing = new AnsweringHandler(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");

        var (refusedExit, _, refusedError) = await RunAsync(refused, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url]);
        var (failingExit, _, failingError) = await RunAsync(failing, ["apply", "-f", $"{Typed}/a.yaml", "--url", Url]);

        Assert.Equal(2, refusedExit);
        Assert.Equal("Unauthorized: Give an API key.\nGive an API key that may write with --key or SENTINEL_API_KEY.\n", refusedError);
        Assert.Equal(2, failingExit);
        Assert.Equal("Sentinel answered 502 Bad Gateway.\n", failingError);
    }

    [Fact]
    public async Task A_sentinel_that_cannot_be_reached_exits_2_naming_its_address()
    {
        Write("a.yaml", "monitors: []");
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        using var http = new HttpClient();

        var (exit, _, error) = await RunAsync(http, ["apply", "-f", $"{Typed}/a.yaml"], ("SENTINEL_URL", "http://127.0.0.1:1"));

        Assert.Equal(2, exit);
        Assert.StartsWith("Cannot reach Sentinel at http://127.0.0.1:1 (", error);
    }

    [Theory]
    [InlineData("apply")]
    [InlineData("apply --dry-run")]
    [InlineData("apply -f")]
    [InlineData("apply -f a.yaml --force")]
    [InlineData("apply -f a.yaml --url ftp://host")]
    [InlineData("import gatus")]
    [InlineData("import nagios config.cfg")]
    [InlineData("frobnicate")]
    public async Task Bad_usage_exits_2_with_the_usage_text(string command)
    {
        var (exit, output, error) = await RunAsync(new AnsweringHandler(HttpStatusCode.OK, "{}"), command.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Usage: ", error);
    }

    [Theory]
    [InlineData("apply --help", "Usage: apply -f FILE|DIR")]
    [InlineData("import --help", "Usage: import gatus FILE")]
    public async Task Help_goes_to_standard_output_and_exits_0(string command, string usage)
    {
        var (exit, output, _) = await RunAsync(new AnsweringHandler(HttpStatusCode.OK, "{}"), command.Split(' '));

        Assert.Equal(0, exit);
        Assert.StartsWith(usage, output);
    }

    [Fact]
    public async Task Import_writes_the_configuration_as_yaml_and_what_it_left_out_to_standard_error()
    {
        Write("config.yaml", "endpoints: []");
        var imported = new ImportedConfig(
            new JsonObject { ["monitors"] = new JsonArray(new JsonObject { ["name"] = "api", ["url"] = "https://api.example/health", ["intervalSeconds"] = 30 }) },
            ["endpoints[3] (dns-check): a DNS query over TCP has no equivalent", "alerting.twilio: no SMS channel"]);

        var (exit, output, error) = await RunAsync(Importer(_ => imported), ["import", "gatus", $"{Typed}/config.yaml"]);

        Assert.Equal(0, exit);
        Assert.StartsWith("# yaml-language-server: $schema=", output);
        Assert.Contains($"# Generated from {Typed}/config.yaml by `./sentinel import gatus {Typed}/config.yaml`.", output);
        var document = Assert.Single(ConfigYaml.Read("out.yaml", output).Documents);
        Assert.True(JsonNode.DeepEquals(imported.Document, document.Content));
        Assert.Equal(
            "Not imported:\n  endpoints[3] (dns-check): a DNS query over TCP has no equivalent\n  alerting.twilio: no SMS channel\n",
            error);
    }

    [Fact]
    public async Task Import_with_o_writes_the_file_and_says_so()
    {
        Write("backup.json", "{}");
        var imported = new ImportedConfig(new JsonObject { ["monitors"] = new JsonArray() }, []);
        var target = Path.Combine(_root, "monitors.yaml");

        var (exit, output, error) = await RunAsync(Importer(_ => imported), ["import", "uptime-kuma", $"{Typed}/backup.json", "-o", target]);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Equal($"Wrote {target}.\n", error);
        Assert.Contains($"./sentinel apply -f {target} --dry-run", await File.ReadAllTextAsync(target));
        Assert.Empty(ConfigYaml.Read("monitors.yaml", await File.ReadAllTextAsync(target)).Documents[0].Content["monitors"]!.AsArray());
    }

    [Fact]
    public async Task Import_of_something_else_or_of_a_missing_file_exits_2_with_the_reason()
    {
        Write("notes.txt", "hello");

        var (wrongExit, wrongOutput, wrongError) = await RunAsync(
            Importer(_ => throw new ImportException("Line 1: this is not a Gatus configuration (no endpoints:).")),
            ["import", "gatus", $"{Typed}/notes.txt"]);
        var (missingExit, _, missingError) = await RunAsync(Importer(_ => throw new InvalidOperationException("not called")),
            ["import", "gatus", $"{Typed}/missing.yaml"]);

        Assert.Equal(2, wrongExit);
        Assert.Equal("", wrongOutput);
        Assert.Equal($"{Typed}/notes.txt: Line 1: this is not a Gatus configuration (no endpoints:).\n", wrongError);
        Assert.Equal(2, missingExit);
        Assert.StartsWith($"{Typed}/missing.yaml: cannot read it (", missingError);
    }

    /// <summary>
    /// An answer in the contract's shape: a monitor created, one updated (a plain field, a list, a secret), a channel
    /// deleted, a status page created from a document without lines, one monitor unchanged.
    /// </summary>
    private static string Plan(bool dryRun, bool applied) => $$"""
        {
          "source": "monitors", "dryRun": {{(dryRun ? "true" : "false")}}, "applied": {{(applied ? "true" : "false")}},
          "changes": [
            { "kind": "monitor", "name": "Shop API", "action": "create", "id": null, "document": "monitors/shop.yaml", "line": 3, "fields": [] },
            { "kind": "monitor", "name": "Ingress", "action": "update", "id": "0197a2b4-0000-7000-8000-000000000001", "document": "monitors/shop.yaml", "line": 12,
              "fields": [ { "field": "intervalSeconds", "from": 60, "to": 30 },
                          { "field": "conditions", "from": ["[STATUS] == 200"], "to": ["[STATUS] == 200", "[RESPONSE_TIME] < 500"] },
                          { "field": "config.webhookUrl", "from": "…abcd", "to": "…abcd", "secret": true } ] },
            { "kind": "channel", "name": "old", "action": "delete", "id": "0197a2b4-0000-7000-8000-000000000002", "document": null, "line": null, "fields": [] },
            { "kind": "statusPage", "name": "shop", "action": "create", "id": null, "document": "status-page.yaml", "line": null, "fields": [] },
            { "kind": "monitor", "name": "Cache", "action": "unchanged", "id": "0197a2b4-0000-7000-8000-000000000003", "document": "monitors/shop.yaml", "line": 20, "fields": [] }
          ],
          "summary": { "create": 2, "update": 1, "delete": 1, "unchanged": 1 }
        }
        """;

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static ConfigCommandEnvironment Importer(Func<string, ImportedConfig> importer) => new()
    {
        Http = new HttpClient(),
        Variable = Variables(),
        Importers = new Dictionary<string, Func<string, ImportedConfig>> { ["gatus"] = importer, ["uptime-kuma"] = importer },
    };

    private static Task<(int Exit, string Output, string Error)> RunAsync(
        HttpMessageHandler api, string[] args, params (string Name, string Value)[] variables) =>
        RunAsync(new HttpClient(api), args, variables);

    private static Task<(int Exit, string Output, string Error)> RunAsync(
        HttpClient http, string[] args, params (string Name, string Value)[] variables) =>
        RunAsync(new ConfigCommandEnvironment { Http = http, Variable = Variables(variables) }, args);

    /// <summary>Runs the command as Program does, with its standard output and error as text.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(ConfigCommandEnvironment environment, string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await ConfigCommand.RunAsync(args, output, error, environment);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Answers every request with one response, as the api would, and keeps what it was sent.</summary>
    private sealed class AnsweringHandler(HttpStatusCode status, string body, string contentType = "application/json") : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType), RequestMessage = request };
        }
    }
}

/// <summary><c>apply</c> against the real api, over its own database, as CI would run it.</summary>
public sealed class ConfigCommandApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_examples_apply_and_a_second_apply_changes_nothing()
    {
        var examples = Path.Combine(TestInfrastructure.RepositoryRoot, "examples", "monitors");
        var environment = new ConfigCommandEnvironment
        {
            Http = api.CreateClient(),
            Variable = name => name switch
            {
                "SENTINEL_API_KEY" => ApiFactory.Key,
                "SLACK_WEBHOOK_URL" => "https://hooks.slack.com/services/T0/B0/secret0123",
                "PAGERDUTY_ROUTING_KEY" => "R0123456789abcdefghijKLMNOPQRSTU",
                "ORDERS_DB_PASSWORD" => "s3cret",
                _ => null,
            },
        };
        string[] apply = ["apply", "-f", examples, "--source", "examples", "--url", api.Server.BaseAddress.ToString()];

        var (plannedExit, planned, plannedError) = await ConfigCommandTests.RunAsync(environment, [.. apply, "--dry-run"]);
        var (appliedExit, applied, _) = await ConfigCommandTests.RunAsync(environment, apply);
        var (againExit, again, _) = await ConfigCommandTests.RunAsync(environment, apply);

        Assert.True(plannedExit == 0, plannedError);
        Assert.Contains("+ monitor \"Shop API\"", planned);
        Assert.Contains("+ status page \"shop\"", planned);
        Assert.EndsWith("Dry run: nothing was changed.\n", planned);
        Assert.Equal(0, appliedExit);
        Assert.EndsWith("Applied.\n", applied);
        using var client = api.CreateAuthorizedClient();
        Assert.Contains("\"Shop API\"", await client.GetStringAsync("/api/v1/monitors"));
        Assert.Equal(0, againExit);
        Assert.Contains("Plan: 0 to create, 0 to update, 0 to delete, ", again);
    }
}
