using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api.AsCode;

/// <summary>
/// Bound from the <c>Apply</c> section: a directory of config documents the api keeps applied
/// (<see cref="DirectoryApply"/>; docs/deployment.md, "Monitors as code").
/// </summary>
public sealed class ApplyOptions : IValidatableObject
{
    public const string Section = "Apply";

    /// <summary>
    /// The directory to watch, read as <c>apply -f DIRECTORY</c> reads one (every <c>.yaml</c>, <c>.yml</c> and
    /// <c>.json</c> file under it, hidden ones left out); unset or empty, nothing is watched.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>The source the directory's objects record: only its own prune deletes them.</summary>
    [Required]
    [RegularExpression(ApplyRequest.SourcePattern, ErrorMessage = "Apply:Source is 1 to 100 letters, digits and . _ / : @ + -.")]
    public string Source { get; set; } = "directory";

    /// <summary>Delete what this source made earlier and the directory no longer lists: the directory is the truth.</summary>
    public bool Prune { get; set; } = true;

    /// <summary>Take over objects of the same name that were made by hand; without it they are an error.</summary>
    public bool Adopt { get; set; }

    /// <summary>How often the directory is read, in seconds; it is applied only when what it holds has changed.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 10;

    /// <summary>Whether a directory is watched at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Directory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A path that is not there is a wrong setting or a missing mount, which a person should hear of at start, not
        // in a log line every few seconds.
        if (Enabled && !System.IO.Directory.Exists(Directory))
        {
            yield return new ValidationResult($"Apply:Directory: '{Directory}' is not a directory (is the volume mounted?).", [nameof(Directory)]);
        }
    }
}
