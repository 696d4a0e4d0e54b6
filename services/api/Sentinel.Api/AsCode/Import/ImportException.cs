namespace Sentinel.Api.AsCode.Import;

/// <summary>Input that is not the other tool's format at all (YAML that does not parse, JSON that is not a backup): the message says why, with the line where known.</summary>
public sealed class ImportException(string message) : Exception(message);
