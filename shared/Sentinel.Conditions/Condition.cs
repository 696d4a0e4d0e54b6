using System.Globalization;
using System.Text.Json;

namespace Sentinel.Conditions;

public enum Operator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>The left side: a placeholder, maybe with a JSON path into it, maybe inside <c>len()</c>.</summary>
internal sealed record Subject(Placeholder Placeholder, IReadOnlyList<PathStep> Path, bool Length, int Position)
{
    public ValueKind Kind => Length ? ValueKind.Number : Placeholders.Kind(Placeholder);

    public override string ToString()
    {
        var target = Placeholders.Written(Placeholder) + string.Concat(Path);
        return Length ? $"len({target})" : target;
    }
}

/// <summary>The right side: one value, a <c>pat()</c> pattern or an <c>any()</c> list.</summary>
internal abstract record Expected(string Written)
{
    public sealed record Value(string Written, Condition.Resolved Item) : Expected(Written);
    public sealed record Pattern(string Written, string Text) : Expected(Written);
    public sealed record AnyOf(string Written, IReadOnlyList<Condition.Resolved> Items) : Expected(Written);
}

/// <summary>
/// One parsed condition, <c>[STATUS] == 200</c>: a placeholder on the left, an operator, a value on the right.
/// Parse once with <see cref="Parse"/>; <see cref="Evaluate"/> is pure and never throws.
/// </summary>
public sealed class Condition
{
    /// <summary>Longest condition accepted, in characters.</summary>
    public const int MaxLength = 500;

    private const int MaxShown = 100;

    private readonly Subject _subject;
    private readonly Operator _operator;
    private readonly Expected _expected;

    internal Condition(string text, Subject subject, Operator op, Expected expected)
    {
        Text = text;
        _subject = subject;
        _operator = op;
        _expected = expected;
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>The placeholder the condition tests.</summary>
    public Placeholder Placeholder => _subject.Placeholder;

    /// <summary>Parses <paramref name="text"/>; a <see cref="ConditionException"/> says what is wrong and where.</summary>
    public static Condition Parse(string? text) => ConditionParser.Parse(text);

    /// <summary>
    /// Null when the condition applies to checks of a URL with <paramref name="scheme"/>, otherwise why not
    /// (with the placeholder's position).
    /// </summary>
    public string? RefusalFor(string scheme)
    {
        var schemes = Placeholders.Schemes(Placeholder);
        return schemes.Contains(scheme)
            ? null
            : $"{Placeholders.Written(Placeholder)} does not apply to {scheme}:// checks, only to {string.Join(" and ", schemes.Select(s => s + "://"))} (at {_subject.Position})";
    }

    /// <summary>Null when the condition holds, otherwise the condition with the value it saw: <c>[STATUS] (503) == 200</c>.</summary>
    public string? Evaluate(CheckFacts facts)
    {
        var (values, missing) = ResolveAll(facts);
        if (values is not null && HoldsFor(values))
        {
            return null;
        }

        var shown = values is null ? missing! : values.Count == 0 ? "none" : string.Join(", ", values.Select(v => v.Text));
        if (shown.Length > MaxShown)
        {
            shown = shown[..MaxShown] + "…";
        }

        return $"{_subject} ({shown}) {Symbol(_operator)} {_expected.Written}";
    }

    internal static string Symbol(Operator op) => op switch
    {
        Operator.Equal => "==",
        Operator.NotEqual => "!=",
        Operator.Less => "<",
        Operator.LessOrEqual => "<=",
        Operator.Greater => ">",
        _ => ">=",
    };

    /// <summary>
    /// A value as text, and as a number when it is one (durations in milliseconds), so that <c>pat()</c> sees
    /// text and ordering sees numbers.
    /// </summary>
    internal readonly record struct Resolved(string Text, double? Number)
    {
        public static Resolved Of(string text) => new(text, Condition.Number(text));
    }

    /// <summary>
    /// The values the left side stands for (one, but any number for a list such as <c>[IP]</c>), or why there are
    /// none.
    /// </summary>
    private (IReadOnlyList<Resolved>? Values, string? Missing) ResolveAll(CheckFacts facts)
    {
        if (Placeholders.IsList(_subject.Placeholder))
        {
            var list = _subject.Placeholder == Placeholder.Ip ? facts.Addresses : facts.Answers;
            return list is null ? (null, "no answer") : (list.Select(Resolved.Of).ToArray(), null);
        }

        var (value, missing) = Resolve(facts);
        return value is { } seen ? ([seen], null) : (null, missing);
    }

    /// <summary>
    /// A single value must hold. Of a list, one value must (<c>[IP] == 10.0.0.5</c>: one of the addresses is
    /// 10.0.0.5), or, with <c>!=</c>, every one (none of them is).
    /// </summary>
    private bool HoldsFor(IReadOnlyList<Resolved> values) =>
        _operator == Operator.NotEqual ? values.All(Holds) : values.Any(Holds);

    /// <summary>The value a single-valued left side stands for, or why there is none.</summary>
    private (Resolved? Value, string? Missing) Resolve(CheckFacts facts)
    {
        switch (_subject.Placeholder)
        {
            case Placeholder.Status:
                return facts.Status is { } status ? (new Resolved(status.ToString(CultureInfo.InvariantCulture), status), null) : (null, "no answer");
            case Placeholder.ResponseTime:
                return facts.ResponseTimeMs is { } ms ? (Resolved.Of(Math.Round(ms).ToString(CultureInfo.InvariantCulture)), null) : (null, "not measured");
            case Placeholder.Connected:
                return (new Resolved(facts.Connected ? "true" : "false", null), null);
            case Placeholder.CertificateExpiration:
                return facts.CertificateExpiresIn is { } left ? (new Resolved(Duration.Format(left), left.TotalMilliseconds), null) : (null, "no certificate");
            case Placeholder.DnsRcode:
                return facts.DnsRcode is { } rcode ? (Resolved.Of(rcode), null) : (null, "no answer");
        }

        if (facts.Body is not { } body)
        {
            return (null, "no body");
        }

        if (_subject.Path.Count == 0)
        {
            return (_subject.Length ? new Resolved(body.Length.ToString(CultureInfo.InvariantCulture), body.Length) : Resolved.Of(body), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (JsonPath.Find(document.RootElement, _subject.Path) is not { } element)
            {
                return (null, "missing");
            }

            return (_subject.Length ? Resolved.Of(JsonPath.Length(element).ToString(CultureInfo.InvariantCulture)) : Resolved.Of(JsonPath.Text(element)), null);
        }
        catch (JsonException)
        {
            return (null, "body is not JSON");
        }
    }

    private bool Holds(Resolved value) => _expected switch
    {
        Expected.Pattern p => Matches(value.Text, p.Text) == (_operator == Operator.Equal),
        Expected.AnyOf a => a.Items.Any(item => AreEqual(value, item)) == (_operator == Operator.Equal),
        Expected.Value v => Compare(value, v.Item),
        _ => false,
    };

    private bool Compare(Resolved value, Resolved expected)
    {
        if (_operator is Operator.Equal or Operator.NotEqual)
        {
            return AreEqual(value, expected) == (_operator == Operator.Equal);
        }

        if (value.Number is not { } number || expected.Number is not { } bound)
        {
            return false;
        }

        return _operator switch
        {
            Operator.Less => number < bound,
            Operator.LessOrEqual => number <= bound,
            Operator.Greater => number > bound,
            _ => number >= bound,
        };
    }

    /// <summary>Numbers compare as numbers (<c>5</c> equals <c>5.0</c>), anything else as exact text.</summary>
    private static bool AreEqual(Resolved value, Resolved expected) =>
        value.Number is { } a && expected.Number is { } b ? a == b : string.Equals(value.Text, expected.Text, StringComparison.Ordinal);

    internal static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    /// <summary><c>pat()</c>: the whole value matches, <c>*</c> standing for any run of characters (none included).</summary>
    internal static bool Matches(string value, string pattern)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return value == pattern;
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value[parts[0].Length..].EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        var end = value.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return true;
    }
}
