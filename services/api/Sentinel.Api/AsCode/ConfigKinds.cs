using System.Text.RegularExpressions;
using Sentinel.Api.Channels;
using Sentinel.Api.Escalation;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Monitors;
using Sentinel.Api.StatusPages;

namespace Sentinel.Api.AsCode;

/// <summary>
/// A kind of object the config format holds: the list it sits in (<see cref="Section"/>), the field that is its identity,
/// its table, the REST types its items are (so they validate as the REST routes validate), and the references it makes
/// by name where the api takes ids.
/// </summary>
/// <param name="Name">The kind as a plan names it (<c>monitor</c>).</param>
/// <param name="SecretColumn">
/// The column holding what the api shows masked or not at all (null if none), and where it sits in the document: a jsonb
/// column's fields (<c>""</c> for a monitor's flat check fields, <c>config</c> for a channel's), or the one field a
/// column stands for (a status page's <c>password</c>, stored hashed).
/// </param>
public sealed record ConfigKind(
    string Section, string Name, string Identity, string Table, Type RequestType, Type ResponseType,
    IReadOnlyList<ConfigReference> References, (string Column, string DocumentPath)? SecretColumn = null)
{
    public ConfigKindSql Sql { get; } = new(Table, Identity);
}

/// <summary>
/// The SQL an apply runs on a kind's table, in one place; table and column names come from <see cref="ConfigKinds"/>,
/// never from input, and values are parameters (<c>{0}</c>, <c>{1}</c>).
/// </summary>
public sealed class ConfigKindSql(string table, string identity)
{
    /// <summary>Columns an unchanged object still sees change when written again: times, the owner.</summary>
    private const string Volatile = "'created_at' - 'updated_at' - 'source'";

    /// <summary>Objects named any of {0}, or owned by source {1} (null: none).</summary>
    public string Stored { get; } = $"SELECT id AS \"Id\", {identity} AS \"Identity\", source AS \"Source\" FROM {table} WHERE {identity} = ANY({{0}}) OR source = {{1}}";

    /// <summary>The identity of object {0}.</summary>
    public string Name { get; } = $"SELECT {identity} AS \"Value\" FROM {table} WHERE id = {{0}}";

    /// <summary>Object {0}'s row as JSON text, less its volatile columns.</summary>
    public string Row { get; } = $"SELECT (to_jsonb(t) - {Volatile})::text AS \"Value\" FROM {table} t WHERE id = {{0}}";

    /// <summary>Records source {0} on object {1}.</summary>
    public string SetSource { get; } = $"UPDATE {table} SET source = {{0}} WHERE id = {{1}}";
}

/// <summary>
/// A reference a document writes by name: <see cref="Field"/> (names) in the items at <see cref="Container"/>, sent to
/// the api as <see cref="ApiField"/> (ids) of <see cref="Target"/>'s objects. <see cref="Container"/> is <c>""</c> for the
/// item itself, <c>steps[]</c> for each of its steps, <c>groups[].monitors[]</c> for each monitor of each group.
/// </summary>
public sealed record ConfigReference(string Container, string Field, string ApiField, string Target, bool Many)
{
    /// <summary>Where <see cref="ApiField"/> sits in an item, as error paths write it: <c>steps[2].channelIds</c>.</summary>
    public Regex ApiPath { get; } = new(
        "^" + string.Concat(Container.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => Regex.Escape(s[..^2]) + @"\[\d+\]\.")) + Regex.Escape(ApiField) + @"(?=$|[.\[])");
}

/// <summary>The kinds, in the order an apply writes them: each after those it refers to.</summary>
public static class ConfigKinds
{
    public static readonly ConfigKind Channels = new(
        "channels", "channel", "name", "alert_channels", typeof(ChannelRequest), typeof(ChannelResponse), [], ("config", "config"));

    public static readonly ConfigKind EscalationPolicies = new(
        "escalationPolicies", "escalationPolicy", "name", "escalation_policies", typeof(EscalationPolicyRequest), typeof(EscalationPolicyResponse),
        [new("steps[]", "channels", "channelIds", "channels", Many: true)]);

    public static readonly ConfigKind Monitors = new(
        "monitors", "monitor", "name", "monitors", typeof(MonitorRequest), typeof(MonitorResponse),
        [
            new("", "channels", "channelIds", "channels", Many: true),
            new("", "dependsOn", "dependsOn", "monitors", Many: true),
            new("", "escalationPolicy", "escalationPolicyId", "escalationPolicies", Many: false),
        ],
        ("check_spec", ""));

    public static readonly ConfigKind MaintenanceWindows = new(
        "maintenanceWindows", "maintenanceWindow", "name", "maintenance_windows", typeof(MaintenanceWindowRequest), typeof(MaintenanceWindowResponse),
        [
            new("", "monitors", "monitorIds", "monitors", Many: true),
            new("", "notifyChannels", "notifyChannelIds", "channels", Many: true),
        ]);

    public static readonly ConfigKind StatusPages = new(
        "statusPages", "statusPage", "slug", "status_pages", typeof(StatusPageRequest), typeof(StatusPageResponse),
        [new("groups[].monitors[]", "monitor", "monitorId", "monitors", Many: false)],
        ("password_hash", "password"));

    public static IReadOnlyList<ConfigKind> All { get; } = [Channels, EscalationPolicies, Monitors, MaintenanceWindows, StatusPages];

    public static string SectionList { get; } = string.Join(", ", All.Select(k => k.Section));

    public static ConfigKind? BySection(string section) => All.FirstOrDefault(k => k.Section == section);
}
