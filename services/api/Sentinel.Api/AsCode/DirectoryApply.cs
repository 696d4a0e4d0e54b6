using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.AsCode;

/// <summary>
/// Monitors as code from a mounted directory (<see cref="ApplyOptions"/>; in Kubernetes a ConfigMap's volume): every
/// poll the directory is read as <c>apply -f DIRECTORY</c> reads it, <c>${NAME}</c> taken from the api's environment,
/// and applied as <c>POST /api/v1/apply</c> applies, when what it holds differs from what was last applied. Also the
/// <c>config</c> health check, which reports how the last apply went.
/// </summary>
/// <remarks>
/// Every api replica watches the same directory: the engine's per-source lock makes them take turns, and all but the
/// first find nothing to change. A ConfigMap's files are reached through symbolic links into hidden <c>..data</c>
/// directories, which <see cref="ConfigFiles.Collect"/> leaves out, so each file is read once, by its visible name.
/// An invalid directory, or one that could not be applied (the database away), is tried again at every poll: whether
/// documents apply can depend on the server too (a hand-made object of the same name), and the last good apply stays
/// in force meanwhile.
/// </remarks>
public sealed class DirectoryApply(IServiceScopeFactory scopes, IOptions<ApplyOptions> options, ILogger<DirectoryApply> logger)
    : BackgroundService, IHealthCheck
{
    public const string HealthCheckName = "config";

    private const string Applied = "applied";
    private const string Unchanged = "unchanged";
    private const string Invalid = "invalid";
    private const string Failed = "failed";

    private static readonly Counter Applies = Metrics.CreateCounter(
        "sentinel_config_applies_total",
        "Applies of the watched config directory (Apply:Directory) by result: applied (something changed), unchanged, "
        + "invalid (errors in the documents: nothing applied), failed (could not apply, e.g. the database was away).",
        "result");

    private static readonly Gauge LastApplied = Metrics.CreateGauge(
        "sentinel_config_last_applied_timestamp_seconds",
        "When the watched config directory was last applied or found already applied, as a Unix time.");

    private readonly ApplyOptions _options = options.Value;

    /// <summary>The last attempt, for the health check; null before the first.</summary>
    private volatile Outcome? _outcome;

    /// <summary>The content the last successful apply found, as <see cref="Hash"/> gives it.</summary>
    private string? _appliedHash;

    /// <summary>The last failed attempt's errors, so that the same errors at every poll are logged once, not every few seconds.</summary>
    private string? _lastFailure;

    /// <param name="Result">One of the metric's results.</param>
    /// <param name="At">When the attempt ended.</param>
    /// <param name="Errors">How many errors the documents had (invalid).</param>
    /// <param name="AppliedAt">When the directory was last applied, if it has been since the api started.</param>
    private sealed record Outcome(string Result, DateTimeOffset At, int Errors, DateTimeOffset? AppliedAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var result in new[] { Applied, Unchanged, Invalid, Failed })
        {
            // Each result shows from the start, at 0, so that increase() sees its first one.
            Applies.WithLabels(result);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.PollSeconds));
        try
        {
            do
            {
                await PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the directory and applies it if it changed since the last successful apply, or that one failed.</summary>
    private async Task PollAsync(CancellationToken ct)
    {
        var directory = _options.Directory!;
        var previous = _outcome;
        try
        {
            var (request, errors) = Read(directory);
            var hash = Hash(request.Files!);
            if (errors.Count == 0 && hash == _appliedHash && previous?.Result is Applied or Unchanged)
            {
                return;
            }

            if (errors.Count == 0)
            {
                errors = request.InvalidFields().SelectMany(field => field.Value.Select(message => $"{directory}: {message}")).ToList();
            }

            if (errors.Count == 0)
            {
                await using var scope = scopes.CreateAsyncScope();
                var (plan, applyErrors) = await scope.ServiceProvider.GetRequiredService<ConfigApply>().ApplyAsync(request, ct);
                if (plan is not null)
                {
                    _appliedHash = hash;
                    Succeeded(directory, plan);
                    return;
                }

                errors = applyErrors.Select(error => error.ToString()).ToList();
            }

            Record(Invalid, errors.Count, previous);
            Report(string.Join('\n', errors), () =>
            {
                foreach (var error in errors)
                {
                    logger.LogError("Config error: {Error}", error);
                }

                logger.LogError(
                    "{Count} {Errors} in {Directory}: nothing was applied, and what was applied before stays in force",
                    errors.Count, errors.Count == 1 ? "error" : "errors", directory);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Record(Failed, 0, previous);
            Report(e.GetType().FullName + e.Message, () =>
                logger.LogError(e, "Could not apply {Directory}; trying again every {Seconds} s", directory, _options.PollSeconds));
        }
    }

    /// <summary>The directory as an apply of <see cref="ApplyOptions.Source"/>, and the errors found reading it.</summary>
    private (ApplyRequest Request, List<string> Errors) Read(string directory)
    {
        var files = new List<ApplyFile>();
        var errors = new List<string>();
        var (found, notFound) = ConfigFiles.Collect([directory]);
        if (notFound is not null)
        {
            errors.Add(notFound);
        }

        foreach (var (name, path) in found)
        {
            var (text, expansionErrors) = ConfigFiles.Expand(name, File.ReadAllText(path), Environment.GetEnvironmentVariable);
            errors.AddRange(expansionErrors);
            files.Add(new ApplyFile(name, text));
        }

        var request = new ApplyRequest { Source = _options.Source, Prune = _options.Prune, Adopt = _options.Adopt, Files = files };
        return (request, errors);
    }

    /// <summary>What the files hold, names and texts, as one value to compare from poll to poll.</summary>
    private static string Hash(IEnumerable<ApplyFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            // A separator no name or text holds, so that moving text from one file to the next is a change too.
            hash.AppendData(Encoding.UTF8.GetBytes(file.Name + '\0' + file.Content + '\0'));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private void Succeeded(string directory, ApplyPlan plan)
    {
        var changed = plan.Summary is { Create: 0, Update: 0, Delete: 0 } ? Unchanged : Applied;
        Record(changed, 0, _outcome);
        LastApplied.SetToCurrentTimeUtc();
        _lastFailure = null;
        foreach (var change in plan.Changes.Where(c => c.Action != ApplyActions.Unchanged))
        {
            var place = change.Document is null ? "no longer listed"
                : change.Line is { } line ? $"{change.Document}:{line.ToString(CultureInfo.InvariantCulture)}"
                : change.Document;
            var fields = change.Fields.Count == 0 ? "" : ": " + string.Join(", ", change.Fields.Select(f => f.Field));
            logger.LogInformation("Config {Action} {Kind} '{Name}' ({Place}){Fields}", change.Action, change.Kind, change.Name, place, fields);
        }

        logger.LogInformation(
            "Config {Result} from {Directory} as source '{Source}': {Create} created, {Update} updated, {Delete} deleted, {Unchanged} unchanged",
            changed, directory, plan.Source, plan.Summary.Create, plan.Summary.Update, plan.Summary.Delete, plan.Summary.Unchanged);
    }

    private void Record(string result, int errors, Outcome? previous)
    {
        var now = DateTimeOffset.UtcNow;
        Applies.WithLabels(result).Inc();
        _outcome = new Outcome(result, now, errors, result is Applied or Unchanged ? now : previous?.AppliedAt);
    }

    /// <summary>Logs a failure unless it is the one the last poll logged; a repeat goes to the debug log.</summary>
    private void Report(string failure, Action log)
    {
        if (failure == _lastFailure)
        {
            logger.LogDebug("{Directory} still fails to apply, as logged before", _options.Directory);
            return;
        }

        _lastFailure = failure;
        log();
    }

    /// <summary>
    /// Healthy once applied; degraded, never unhealthy, while the directory is invalid or cannot be applied: the api
    /// still serves everything, so readiness (which reads <c>/health</c>) must not take it out of its Service.
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = _options.Directory;
        var outcome = _outcome;
        var since = outcome?.AppliedAt is { } applied ? $"it was last applied at {Time(applied)}" : "it has not been applied since the api started";
        return Task.FromResult(outcome switch
        {
            null => HealthCheckResult.Healthy($"{directory} is being read for the first time."),
            { Result: Applied or Unchanged } => HealthCheckResult.Healthy($"{directory} applied at {Time(outcome.AppliedAt!.Value)}."),
            { Result: Invalid } => HealthCheckResult.Degraded(
                $"{directory} has {outcome.Errors} {(outcome.Errors == 1 ? "error" : "errors")} (the api's log lists them) "
                + $"and was not applied at {Time(outcome.At)}; {since}."),
            _ => HealthCheckResult.Degraded(
                $"{directory} could not be applied at {Time(outcome.At)} (the api's log says why), and is tried every "
                + $"{_options.PollSeconds} s; {since}."),
        });
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public static class DirectoryApplyExtensions
{
    /// <summary>The <c>Apply</c> settings, and with <c>Apply:Directory</c> set its watcher and its <c>config</c> health check.</summary>
    public static WebApplicationBuilder AddDirectoryApply(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ApplyOptions>(ApplyOptions.Section);
        if (builder.Configuration.GetSection(ApplyOptions.Section).Get<ApplyOptions>() is { Enabled: true })
        {
            builder.Services.AddSingleton<DirectoryApply>();
            builder.Services.AddHostedService(services => services.GetRequiredService<DirectoryApply>());
            builder.Services.AddHealthChecks().AddCheck<DirectoryApply>(DirectoryApply.HealthCheckName);
        }

        return builder;
    }
}
