namespace Sentinel.Api.AsCode.Import;

/// <summary>Input that is not the other tool's configuration at all: a message a person reads, with the line where known.</summary>
public sealed class ImportException(string message) : Exception(message);
