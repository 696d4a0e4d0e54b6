namespace Sentinel.Api.AsCode.Import;

/// <summary>PLACEHOLDER so that the import command compiles on its own branch; the real importer replaces this file at merge.</summary>
public static class UptimeKumaImport
{
    public static ImportedConfig Import(string json) => throw new ImportException("not built yet");
}
