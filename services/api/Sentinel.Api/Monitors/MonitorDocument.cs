using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.Http;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>
/// A monitor as the api reads and shows it: one flat JSON object holding the monitor's own fields
/// (<see cref="MonitorRequest"/>), the fields of its check spec (<see cref="CheckSpec"/>, picked by <c>kind</c>, by
/// <c>"type": "heartbeat"</c> or by the URL's scheme), and, in what the api shows, read-only fields
/// (<see cref="MonitorResponse"/>), which a client may send back unchanged and which are then ignored.
/// </summary>
public sealed class MonitorDocument(JsonSerializerOptions json)
{
    /// <summary>The <c>type</c> of every monitor that is checked rather than pinged.</summary>
    public const string TypeCheck = "check";

    private readonly IReadOnlySet<string> _monitorFields = DocumentFields.Of(json, typeof(MonitorRequest));

    private readonly IReadOnlySet<string> _readOnlyFields = DocumentFields.ReadOnly(json, typeof(MonitorResponse), typeof(MonitorRequest));

    /// <summary>What <c>type</c> may say: a probed check, or a heartbeat.</summary>
    public static IReadOnlyList<string> Types { get; } = [TypeCheck, CheckKinds.Heartbeat.Name];

    /// <summary>The monitor as GET shows it (secrets masked), as a document to change and read back; its status is read-only, so maintenance is not looked up.</summary>
    public JsonObject Show(MonitorDefinition monitor, MonitorStatus? status) =>
        JsonSerializer.SerializeToNode(MonitorResponse.From(monitor, status, inMaintenance: false), json)!.AsObject();

    /// <summary>
    /// Splits <paramref name="document"/> into the monitor's fields and its check spec, each read as typed values;
    /// the spec is not yet validated (<see cref="CheckSpec.Resolve"/>). Each problem found goes into
    /// <paramref name="errors"/>: a field the kind does not take, a value of the wrong type.
    /// </summary>
    public (MonitorRequest? Request, CheckSpec? Spec) Read(JsonObject document, CheckErrors errors)
    {
        var own = new JsonObject();
        var check = new JsonObject();
        foreach (var (field, value) in document)
        {
            if (_monitorFields.Contains(field))
            {
                own[field] = value?.DeepClone();
            }
            // Null stands for the default, as an absent field does.
            else if (!_readOnlyFields.Contains(field) && value is not null)
            {
                check[field] = value.DeepClone();
            }
        }

        var request = ReadTyped<MonitorRequest>(own, json, errors);
        var kind = KindOf(request, check, errors);
        check.Remove(CheckSpecJson.KindField);
        if (kind is null)
        {
            RefuseUnknown(check, errors);
            return (request, null);
        }

        // Refused fields are named and left out, so the rest of the spec is still judged and every problem said at once.
        foreach (var (field, _) in check.Where(f => !CheckSpecJson.Fields(kind).Contains(f.Key)).ToList())
        {
            errors.Add(field, NotTaken(field, kind));
            check.Remove(field);
        }

        // The kind goes first: it says which spec type reads the rest.
        var spec = new JsonObject { [CheckSpecJson.KindField] = kind.Name };
        foreach (var (field, value) in check.ToList())
        {
            check.Remove(field);
            spec[field] = value;
        }

        return (request, ReadTyped<CheckSpec>(spec, CheckSpecJson.Options, errors));
    }

    /// <summary>The kind named by <c>kind</c>, by <c>type</c> or by the URL's scheme; null after saying why in <paramref name="errors"/>.</summary>
    private static CheckKind? KindOf(MonitorRequest? request, JsonObject check, CheckErrors errors)
    {
        var type = request?.Type;
        if (type is not null && !Types.Contains(type))
        {
            errors.Add("type", $"Must be {string.Join(" or ", Types)}.");
            return null;
        }

        if (check[CheckSpecJson.KindField] is { } named)
        {
            var kind = named.GetValueKind() == JsonValueKind.String ? CheckKinds.Named(named.GetValue<string>()) : null;
            if (kind is null)
            {
                errors.Add(CheckSpecJson.KindField, $"Must be one of {string.Join(", ", CheckKinds.All.Select(k => k.Name))}.");
            }
            else if (type is not null && (type == CheckKinds.Heartbeat.Name) != (kind == CheckKinds.Heartbeat))
            {
                errors.Add("type", $"Does not match kind {kind.Name}.");
                return null;
            }

            return kind;
        }

        if (type == CheckKinds.Heartbeat.Name)
        {
            return CheckKinds.Heartbeat;
        }

        var url = check["url"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        var byUrl = CheckKinds.ForUrl(url, out var problem);
        if (problem is not null)
        {
            errors.Add("url", problem);
        }

        return byUrl;
    }

    /// <summary>Without a kind, a field is refused only when no kind takes it.</summary>
    private static void RefuseUnknown(JsonObject check, CheckErrors errors)
    {
        foreach (var (field, _) in check.Where(f => !CheckKinds.All.Any(k => CheckSpecJson.Fields(k).Contains(f.Key))))
        {
            errors.Add(field, "Unknown field.");
        }
    }

    /// <summary>Why <paramref name="kind"/> refuses <paramref name="field"/>: which kinds take it, if any.</summary>
    private static string NotTaken(string field, CheckKind kind)
    {
        var takers = CheckKinds.All.Where(k => CheckSpecJson.Fields(k).Contains(field)).ToList();
        if (takers.Count == 0)
        {
            return "Unknown field.";
        }

        if (kind == CheckKinds.Heartbeat)
        {
            return field == "url"
                ? "A heartbeat monitor has no URL: it is pinged at its pingUrl."
                : "Not for heartbeat monitors, which are pinged rather than checked.";
        }

        var schemes = takers.SelectMany(k => k.Schemes).Select(s => s + "://").ToList();
        return schemes.Count == 0
            ? $"Only for {string.Join(" and ", takers.Select(k => k.Name))} monitors."
            : $"Only for {string.Join(" and ", schemes)} monitors, not {kind.Name} checks.";
    }

    private static T? ReadTyped<T>(JsonObject node, JsonSerializerOptions options, CheckErrors errors) where T : class
    {
        try
        {
            return JsonBody.Deserialize<T>(node, options);
        }
        catch (JsonException ex)
        {
            errors.Add(JsonErrors.Field(ex), JsonErrors.Describe(ex));
            return null;
        }
    }
}
