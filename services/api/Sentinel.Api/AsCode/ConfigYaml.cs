using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Sentinel.Api.AsCode;

/// <summary>
/// One document of the config format as read (<see cref="ConfigYaml.Read"/>): its content as JSON, the file or
/// request field it came from (<see cref="Label"/>), and the line of each value in it, so that an error found in the
/// JSON names its line in the file.
/// </summary>
public sealed record ConfigDocument(string Label, JsonObject Content, IReadOnlyDictionary<string, int> Lines)
{
    /// <summary>
    /// The line of the value at <paramref name="path"/> (<c>monitors[0].url</c>), or of its nearest parent that is
    /// written (a field left out has no line of its own); null for a document that came as JSON without lines.
    /// </summary>
    public int? LineOf(string path)
    {
        for (var at = path; at.Length > 0; at = ConfigPaths.Parent(at))
        {
            if (Lines.TryGetValue(at, out var line))
            {
                return line;
            }
        }

        return Lines.TryGetValue("", out var first) ? first : null;
    }
}

/// <summary>What is wrong, where: the document (a file name), its line when known, the path in it and why.</summary>
public sealed record ConfigError(string Document, int? Line, string Path, string Message)
{
    /// <summary>As a person reads it, like a compiler's: <c>FILE:LINE: PATH: MESSAGE</c>, the parts not known left out.</summary>
    public override string ToString()
    {
        var place = Line is { } line ? $"{Document}:{line.ToString(CultureInfo.InvariantCulture)}" : Document;
        return string.Join(": ", new[] { place, Path, Message }.Where(part => !string.IsNullOrEmpty(part)));
    }
}

/// <summary>Paths into a document as errors name them: <c>monitors[0].channels[1]</c>.</summary>
public static class ConfigPaths
{
    public static string Field(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The path one step up: <c>monitors[0]</c> for <c>monitors[0].url</c>, "" at the top.</summary>
    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }
}

/// <summary>
/// The config format's text: YAML (JSON being YAML, a .json file reads the same way), one or more documents per file
/// (<c>---</c>), each read into JSON with the line of every value. Scalars follow YAML 1.2's core schema: a plain
/// <c>30</c> is a number, <c>true</c> a boolean, <c>null</c> or <c>~</c> null; anything quoted is a string.
/// </summary>
public static partial class ConfigYaml
{
    /// <summary>The documents of <paramref name="text"/>, the file <paramref name="name"/>; or the error that stops it parsing.</summary>
    public static (IReadOnlyList<ConfigDocument> Documents, ConfigError? Error) Read(string name, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return ([], new ConfigError(name, (int)ex.Start.Line, "", $"Not valid YAML: {Describe(ex)}"));
        }

        var documents = new List<ConfigDocument>();
        foreach (var document in stream.Documents)
        {
            var lines = new Dictionary<string, int>();
            var root = document.RootNode;
            if (root is not YamlMappingNode)
            {
                // An empty document (a file of comments, a trailing ---) holds nothing to apply.
                if (root is YamlScalarNode { Value: null or "" } or YamlScalarNode { Style: ScalarStyle.Plain, Value: "~" or "null" })
                {
                    continue;
                }

                return ([], new ConfigError(name, (int)root.Start.Line, "", "A document is a mapping of kinds to lists (monitors:, channels:, ...)."));
            }

            var duplicate = Duplicate(root, "");
            if (duplicate is not null)
            {
                return ([], new ConfigError(name, duplicate.Value.Line, duplicate.Value.Path, "This key is given twice in its mapping."));
            }

            documents.Add(new ConfigDocument(name, ToJson(root, "", lines)!.AsObject(), lines));
        }

        return (documents, null);
    }

    /// <summary>
    /// Why YAML did not parse, in the parser's words less the position YamlDotNet puts first
    /// (<c>(Line: 3, Col: 5, Idx: …) - (…): </c>): whoever reports it gives the line itself.
    /// </summary>
    public static string Describe(YamlException ex)
    {
        var message = ex.InnerException is { } inner and not YamlException ? inner.Message : ex.Message;
        return PositionPrefix().Replace(message, "");
    }

    /// <summary><paramref name="document"/> as YAML, its keys in order, quoting only strings YAML would read as something else.</summary>
    public static string Write(JsonObject document) =>
        new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build().Serialize(ToPlain(document));

    private static JsonNode? ToJson(YamlNode node, string path, Dictionary<string, int> lines)
    {
        lines[path] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var result = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    result[name] = ToJson(value, ConfigPaths.Field(path, name), lines);
                    // A field's line is its key's: a list or mapping as its value starts on the next.
                    lines[ConfigPaths.Field(path, name)] = (int)key.Start.Line;
                }

                return result;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    array.Add(ToJson(sequence.Children[i], ConfigPaths.Item(path, i), lines));
                }

                return array;
            default:
                return Scalar((YamlScalarNode)node);
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || scalar.Tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        if (Real().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    /// <summary>The first key given twice in one mapping, anywhere in <paramref name="node"/> (YAML forbids it; most readers keep the last silently).</summary>
    private static (int Line, string Path)? Duplicate(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var seen = new HashSet<string>();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    if (!seen.Add(name))
                    {
                        return ((int)key.Start.Line, ConfigPaths.Field(path, name));
                    }

                    if (Duplicate(value, ConfigPaths.Field(path, name)) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (Duplicate(sequence.Children[i], ConfigPaths.Item(path, i)) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValue<object>() is System.Text.Json.JsonElement e ? Plain(e) : v.GetValue<object>(),
        _ => null,
    };

    private static object? Plain(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => element.GetString(),
        System.Text.Json.JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => null,
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Real();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
