using System.Text.Json.Nodes;

namespace Sentinel.Api.AsCode.Import;

/// <summary>
/// What an importer made of another tool's configuration: one document of the config format
/// (<c>monitors:</c>, <c>channels:</c>, <c>maintenanceWindows:</c>, ...; docs/as-code.md), for <c>apply</c>, and
/// what it could not carry across, each saying which item and why (<c>endpoints[3] (dns-check): …</c>).
/// </summary>
public sealed record ImportedConfig(JsonObject Document, IReadOnlyList<string> NotMapped);
