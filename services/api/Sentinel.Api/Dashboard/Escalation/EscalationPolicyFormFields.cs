using System.Text.Json.Nodes;
using Sentinel.Api.Dashboard.Forms;
using Sentinel.Api.Dashboard.Monitors;
using Sentinel.Api.Escalation;

namespace Sentinel.Api.Dashboard.Escalation;

/// <summary>
/// The escalation policy form: name, description and tags, then one row per step (its delay, and its channels as
/// checkboxes) with a few empty rows to add steps in. Each row's inputs are named as the api names the step's fields
/// (<c>steps[1].delayMinutes</c>), so the api's errors land beside them.
/// </summary>
public static class EscalationPolicyFormFields
{
    public const string StepsField = "steps";

    /// <summary>Empty rows shown after the steps, so steps can be added without script.</summary>
    public const int EmptyRows = 3;

    public static readonly IReadOnlyList<FormField> Fields =
    [
        new("name", "Name", FieldInput.Text),
        new("description", "Description", FieldInput.TextArea, "Optional: what the policy is for, for the people who change it."),
        new("tags", "Tags", FieldInput.CommaList,
            "Comma-separated: monitors carrying one of them use this policy unless they name one; of several policies, the first by name."),
    ];

    public static string DelayField(int step) => $"{StepsField}[{step}].delayMinutes";

    public static string ChannelsField(int step) => $"{StepsField}[{step}].channelIds";

    /// <summary>The delay input of step <paramref name="step"/> (counted from 0, as the api does).</summary>
    public static FormField DelayInput(int step) => new(DelayField(step), "After (minutes)", FieldInput.Number);

    /// <summary>The steps <paramref name="values"/> hold: rows 0 to n-1, since <see cref="Posted"/> closes up empty rows.</summary>
    public static int Steps(FormValues values)
    {
        var count = 0;
        while (count < EscalationPolicyValidation.MaxSteps
               && (values.Fields.ContainsKey(DelayField(count)) || values.Ticked.Any(t => t.StartsWith(ChannelsField(count) + "/", StringComparison.Ordinal))))
        {
            count++;
        }

        return count;
    }

    /// <summary>How many step rows the form shows: its steps and a few empty ones, at most as many as a policy may have.</summary>
    public static int Rows(FormValues values) => Math.Min(EscalationPolicyValidation.MaxSteps, Steps(values) + EmptyRows);

    /// <summary>The api field names the form has inputs for, each row's included.</summary>
    public static IReadOnlyCollection<string> InputNames(FormValues values) =>
        Fields.Select(f => f.Name).Append(StepsField)
            .Concat(Enumerable.Range(0, Rows(values)).SelectMany(i => new[] { DelayField(i), ChannelsField(i) })).ToHashSet();

    /// <summary>The form's values of a policy as the api shows it.</summary>
    public static FormValues Values(JsonObject document)
    {
        var values = Shown(document);
        var ticked = new HashSet<string>();
        var steps = document[StepsField]?.AsArray() ?? [];
        for (var i = 0; i < steps.Count; i++)
        {
            values[DelayField(i)] = MonitorFormFields.Show(DelayInput(i), steps[i]!["delayMinutes"]!)!;
            ticked.UnionWith(FormValues.Ticks(steps[i]!["channelIds"], ChannelsField(i)));
        }

        return new FormValues(values, ticked);
    }

    /// <summary>
    /// The form's values as posted, rows left empty (no delay, no channel) dropped and the others closed up, so the
    /// api's <c>steps[n]</c> names the row the form then shows as step n + 1.
    /// </summary>
    public static FormValues Posted(IFormCollection form)
    {
        var values = Fields.Where(f => form.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => form[f.Name].ToString());
        var ticked = new HashSet<string>();
        var step = 0;
        for (var row = 0; row < EscalationPolicyValidation.MaxSteps; row++)
        {
            var delay = form[DelayField(row)].ToString();
            var channels = form[ChannelsField(row)].Select(id => Guid.TryParse(id, out var parsed) ? parsed : (Guid?)null).OfType<Guid>().ToList();
            if (string.IsNullOrWhiteSpace(delay) && channels.Count == 0)
            {
                continue;
            }

            values[DelayField(step)] = delay;
            ticked.UnionWith(channels.Select(c => FormValues.Tick(ChannelsField(step), c)));
            step++;
        }

        return new FormValues(values, ticked);
    }

    /// <summary>The document the api takes; an empty input is left out, so the api says what is missing.</summary>
    public static JsonObject Document(FormValues values)
    {
        var document = new JsonObject();
        foreach (var field in Fields)
        {
            if (MonitorFormFields.Read(field, values.Fields.GetValueOrDefault(field.Name)) is { } node)
            {
                document[field.Name] = node;
            }
        }

        var steps = new JsonArray();
        for (var i = 0; i < Steps(values); i++)
        {
            var step = new JsonObject();
            if (MonitorFormFields.Read(DelayInput(i), values.Fields.GetValueOrDefault(DelayField(i))) is { } delay)
            {
                step["delayMinutes"] = delay;
            }

            step["channelIds"] = values.TickedIds(ChannelsField(i));
            steps.Add(step);
        }

        document[StepsField] = steps;
        return document;
    }

    private static Dictionary<string, string> Shown(JsonObject document)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields)
        {
            if (document[field.Name] is { } node && MonitorFormFields.Show(field, node) is { } text)
            {
                values[field.Name] = text;
            }
        }

        return values;
    }
}
