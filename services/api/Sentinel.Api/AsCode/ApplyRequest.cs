using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sentinel.Api.AsCode;

/// <summary>
/// <c>POST /api/v1/apply</c>: documents of the config format (docs/as-code.md) for the server to match, as files the
/// server reads (YAML or JSON, so errors name their lines) or as JSON documents, or both.
/// </summary>
public sealed partial record ApplyRequest
{
    public const int MaxSourceLength = 100;
    public const string SourcePattern = "^[A-Za-z0-9._/:@+-]{1,100}$";
    public const int MaxFiles = 1000;

    /// <summary>
    /// Which apply this is (a folder, a repository): every object it creates or updates records it, and only this
    /// source's <see cref="Prune"/> deletes them.
    /// </summary>
    [Required]
    [MaxLength(MaxSourceLength)]
    [RegularExpression(SourcePattern)]
    public string? Source { get; init; }

    /// <summary>Also delete the objects this source made earlier that the documents no longer list.</summary>
    public bool Prune { get; init; }

    /// <summary>Answer the plan and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Take over objects of the same name that were made by hand; without it they are an error. Another source's objects never are.</summary>
    public bool Adopt { get; init; }

    [MaxLength(MaxFiles)]
    public List<ApplyFile>? Files { get; init; }

    /// <summary>Documents already as JSON: each a mapping of kinds (<c>monitors</c>, <c>channels</c>, ...) to lists.</summary>
    [MaxLength(MaxFiles)]
    public List<JsonObject>? Documents { get; init; }

    /// <summary>What is wrong with the request itself, before any document is read: by field, as a validation problem lists it.</summary>
    public Dictionary<string, string[]> InvalidFields()
    {
        var errors = new Dictionary<string, string[]>();
        // $ also matches before a final line break: the whole source must be the match.
        if (Source is not { } source || SourceRegex().Match(source) is not { Success: true } match || match.Length != source.Length)
        {
            errors["source"] = [$"Required: 1 to {MaxSourceLength} letters, digits and . _ / : @ + - naming where the documents come from (a folder, a repository)."];
        }

        if ((Files?.Count ?? 0) + (Documents?.Count ?? 0) > MaxFiles)
        {
            errors["files"] = [$"At most {MaxFiles} files and documents."];
        }

        for (var i = 0; i < (Files?.Count ?? 0); i++)
        {
            var file = Files![i];
            if (file is null || string.IsNullOrWhiteSpace(file.Name) || file.Content is null)
            {
                errors[$"files[{i}]"] = ["A file has a name and content."];
            }
        }

        return errors;
    }

    [GeneratedRegex(SourcePattern)]
    private static partial Regex SourceRegex();
}

/// <summary>A file of documents: its name, as errors will name it, and its text (YAML or JSON).</summary>
/// <remarks>The content's bound is the largest body the setting allows: the body limit in force is the real one.</remarks>
public sealed record ApplyFile(
    [property: Required, MaxLength(1000)] string Name,
    [property: Required, MaxLength(ApiOptions.LargestApplyBodyBytes)] string Content);

/// <summary>What an apply did, or with <c>dryRun</c> would do: every object's change, in the order they are made.</summary>
public sealed record ApplyPlan(string Source, bool DryRun, bool Applied, IReadOnlyList<ApplyChange> Changes, ApplySummary Summary);

/// <param name="Kind">channel, escalationPolicy, monitor, maintenanceWindow or statusPage.</param>
/// <param name="Name">Its identity: the name, or a status page's slug.</param>
/// <param name="Action">create, update, delete or unchanged.</param>
/// <param name="Id">Its id; null for one a dry run would create.</param>
/// <param name="Document">The file (or <c>documents[i]</c>) that lists it; null for a delete.</param>
/// <param name="Line">Its line there, when known.</param>
/// <param name="Fields">For an update, each field that changes, as GET shows it.</param>
public sealed record ApplyChange(
    string Kind, string Name, string Action, Guid? Id, string? Document, int? Line, IReadOnlyList<ApplyFieldChange> Fields);

/// <param name="Field">The field as the document names it: <c>intervalSeconds</c>, <c>config.webhookUrl</c>.</param>
/// <param name="From">The value before, as GET shows it (secrets masked).</param>
/// <param name="To">The value after, likewise.</param>
/// <param name="Secret">Only a secret changed, which both sides show masked.</param>
public sealed record ApplyFieldChange(string Field, JsonNode? From, JsonNode? To, bool Secret = false);

public sealed record ApplySummary(int Create, int Update, int Delete, int Unchanged);

/// <summary>The action names of <see cref="ApplyChange.Action"/>.</summary>
public static class ApplyActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Unchanged = "unchanged";
}
