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

/// <summary>What wraps a placeholder: nothing, <c>len()</c> or <c>has()</c>.</summary>
internal enum Function
{
    None,
    Length,
    Has,
}

/// <summary>One side of a condition, as written, with its 1-based position.</summary>
internal abstract record Operand(string Written, int Position)
{
    public sealed override string ToString() => Written;
}

/// <summary>A side that stands for what the check saw: a placeholder, maybe with a JSON path into it, maybe inside <c>len()</c> or <c>has()</c>.</summary>
internal sealed record Subject(Placeholder Placeholder, IReadOnlyList<PathStep> Path, Function Function, int Position)
    : Operand(Write(Placeholder, Path, Function), Position)
{
    public ValueKind Kind => Function switch
    {
        Function.Length => ValueKind.Number,
        Function.Has => ValueKind.Boolean,
        _ => Placeholders.Kind(Placeholder),
    };

    private static string Write(Placeholder placeholder, IReadOnlyList<PathStep> path, Function function)
    {
        var target = Placeholders.Written(placeholder) + string.Concat(path);
        return function switch
        {
            Function.Length => $"len({target})",
            Function.Has => $"has({target})",
            _ => target,
        };
    }
}

/// <summary>A side written into the condition: one value, a <c>pat()</c> pattern or an <c>any()</c> list.</summary>
internal abstract record Constant(string Written, int Position) : Operand(Written, Position)
{
    public sealed record Value(string Written, int Position, Condition.Resolved Item) : Constant(Written, Position);
    public sealed record Pattern(string Written, int Position, string Text) : Constant(Written, Position);
    public sealed record AnyOf(string Written, int Position, IReadOnlyList<Condition.Resolved> Items) : Constant(Written, Position);
}

/// <summary>
/// One parsed condition, <c>[STATUS] == 200</c>: two sides and an operator, a placeholder on one side at least
/// (<c>200 == [STATUS]</c> and <c>[BODY].age == [BODY].id</c> too).
/// Parse once with <see cref="Parse"/>; <see cref="Evaluate"/> is pure and never throws.
/// </summary>
public sealed class Condition
{
    /// <summary>Longest condition accepted, in characters.</summary>
    public const int MaxLength = 500;

    private const int MaxShown = 100;

    private readonly Operand _left;
    private readonly Operator _operator;
    private readonly Operand _right;
    private readonly Subject[] _subjects;

    internal Condition(string text, Operand left, Operator op, Operand right)
    {
        Text = text;
        _left = left;
        _operator = op;
        _right = right;
        _subjects = new[] { left, right }.OfType<Subject>().ToArray();
        Placeholder = Uses(Placeholder.Body) ? Placeholder.Body : _subjects[0].Placeholder;
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>
    /// The placeholder the condition tests: of two, <c>[BODY]</c> when either is (callers ask this to decide whether
    /// to read the body), otherwise the left one. <see cref="Uses"/> answers for each.
    /// </summary>
    public Placeholder Placeholder { get; }

    /// <summary>Parses <paramref name="text"/>; a <see cref="ConditionException"/> says what is wrong and where.</summary>
    public static Condition Parse(string? text) => ConditionParser.Parse(text);

    /// <summary>Whether either side of the condition tests <paramref name="placeholder"/>.</summary>
    public bool Uses(Placeholder placeholder) => _subjects.Any(s => s.Placeholder == placeholder);

    /// <summary>
    /// Null when the condition applies to checks of a URL with <paramref name="scheme"/>, otherwise why not
    /// (with the position of the first placeholder that does not apply). Which kinds of check observe what is
    /// theirs to say: <paramref name="schemesObserving"/> gives the URL schemes whose checks observe a placeholder.
    /// </summary>
    public string? RefusalFor(string scheme, Func<Placeholder, IReadOnlyList<string>> schemesObserving)
    {
        foreach (var subject in _subjects)
        {
            var schemes = schemesObserving(subject.Placeholder);
            if (!schemes.Contains(scheme))
            {
                return $"{Placeholders.Written(subject.Placeholder)} does not apply to {scheme}:// checks, only to {Listed(schemes.Select(s => s + "://").ToList())} (at {subject.Position})";
            }
        }

        return null;
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Listed(IReadOnlyList<string> items) =>
        items.Count <= 2 ? string.Join(" and ", items) : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    /// <summary>
    /// Null when the condition holds, otherwise the condition with the value each placeholder saw:
    /// <c>[STATUS] (503) == 200</c>, <c>[BODY].a (1) == [BODY].b (2)</c>.
    /// </summary>
    public string? Evaluate(CheckFacts facts)
    {
        var left = Observe(_left, facts);
        var right = Observe(_right, facts);
        if (left.Values is { } leftValues && right.Values is { } rightValues && Holds(leftValues, rightValues))
        {
            return null;
        }

        return $"{Show(_left, left)} {Symbol(_operator)} {Show(_right, right)}";
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

        public static Resolved Of(int count) => new(count.ToString(CultureInfo.InvariantCulture), count);

        public static Resolved Of(bool flag) => new(flag ? "true" : "false", null);

        public static Resolved Of(TimeSpan span) => new(Duration.Format(span), span.TotalMilliseconds);
    }

    /// <summary>
    /// The values a side stands for: one, but any number for a list such as <c>[IP]</c> or <c>any()</c>, none for a
    /// pattern (which <see cref="Holds"/> reads itself); or why a placeholder has none.
    /// </summary>
    private static (IReadOnlyList<Resolved>? Values, string? Missing) Observe(Operand operand, CheckFacts facts)
    {
        switch (operand)
        {
            case Subject { Placeholder: Placeholder.Ip }:
                return List(facts.Addresses);
            case Subject { Placeholder: Placeholder.DnsAnswer }:
                return List(facts.Answers);
            case Subject subject:
                var (value, missing) = Resolve(subject, facts);
                return value is { } seen ? ([seen], null) : (null, missing);
            case Constant.Value v:
                return ([v.Item], null);
            case Constant.AnyOf a:
                return (a.Items, null);
            default:
                return ([], null);
        }
    }

    private static (IReadOnlyList<Resolved>? Values, string? Missing) List(IReadOnlyList<string>? list) =>
        list is null ? (null, "no answer") : (list.Select(Resolved.Of).ToArray(), null);

    private static string Show(Operand operand, (IReadOnlyList<Resolved>? Values, string? Missing) observed)
    {
        if (operand is not Subject)
        {
            return operand.Written;
        }

        var shown = observed.Values is not { } values ? observed.Missing! : values.Count == 0 ? "none" : string.Join(", ", values.Select(v => v.Text));
        return $"{operand} ({(shown.Length > MaxShown ? shown[..MaxShown] + "…" : shown)})";
    }

    /// <summary>
    /// With <c>==</c> and ordering, some value on the left must hold against some value on the right (<c>[IP] ==
    /// 10.0.0.5</c>: one of the addresses is 10.0.0.5; <c>[STATUS] == any(200, 429)</c>: the status is one of them).
    /// With <c>!=</c>, none may equal: no address is 10.0.0.5, the status is neither.
    /// </summary>
    private bool Holds(IReadOnlyList<Resolved> left, IReadOnlyList<Resolved> right)
    {
        if ((_left as Constant.Pattern ?? _right as Constant.Pattern) is { } pattern)
        {
            var values = _left is Constant.Pattern ? right : left;
            return values.Any(v => Matches(v.Text, pattern.Text)) == (_operator == Operator.Equal);
        }

        return _operator == Operator.NotEqual
            ? !left.Any(l => right.Any(r => AreEqual(l, r)))
            : left.Any(l => right.Any(r => Compare(l, r)));
    }

    /// <summary>The value a single-valued placeholder stands for, or why there is none.</summary>
    private static (Resolved? Value, string? Missing) Resolve(Subject subject, CheckFacts facts)
    {
        switch (subject.Placeholder)
        {
            case Placeholder.Status:
                return facts.Status is { } status ? (new Resolved(status.ToString(CultureInfo.InvariantCulture), status), null) : (null, "no answer");
            case Placeholder.ResponseTime:
                // Whole milliseconds, cut rather than rounded, as Gatus counts them: 41.7 ms is 41.
                return facts.ResponseTimeMs is { } ms ? (Resolved.Of(Math.Truncate(ms).ToString(CultureInfo.InvariantCulture)), null) : (null, "not measured");
            case Placeholder.Connected:
                return (Resolved.Of(facts.Connected), null);
            case Placeholder.CertificateExpiration:
                return facts.CertificateExpiresIn is { } certificateLeft ? (Resolved.Of(certificateLeft), null) : (null, "no certificate");
            case Placeholder.DomainExpiration:
                return facts.DomainExpiresIn is { } domainLeft ? (Resolved.Of(domainLeft), null) : (null, "expiry unknown");
            case Placeholder.DnsRcode:
                return facts.DnsRcode is { } rcode ? (Resolved.Of(rcode), null) : (null, "no answer");
            case Placeholder.Result:
                return facts.Result is { } result ? (Resolved.Of(result), null) : (null, "no result");
        }

        return facts.Body is { } body ? ResolveBody(subject, body) : (null, "no body");
    }

    /// <summary>
    /// The body without surrounding whitespace, as Gatus compares it (a plain-text "OK\n" is OK), or a value in
    /// it by JSON path; inside <c>len()</c> or <c>has()</c>, what they make of it.
    /// </summary>
    private static (Resolved? Value, string? Missing) ResolveBody(Subject subject, string body)
    {
        if (subject.Path.Count == 0)
        {
            var text = body.Trim();
            return subject.Function switch
            {
                Function.Length => (Resolved.Of(JsonPath.BodyLength(text)), null),
                Function.Has => (Resolved.Of(text.Length > 0), null),
                _ => (Resolved.Of(text), null),
            };
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var found = JsonPath.Find(document.RootElement, subject.Path);
            return subject.Function switch
            {
                Function.Has => (Resolved.Of(found is not null), null),
                _ when found is null => (null, "missing"),
                Function.Length => (Resolved.Of(JsonPath.Length(found.Value)), null),
                _ => (Resolved.Of(JsonPath.Text(found.Value)), null),
            };
        }
        catch (JsonException)
        {
            // has() asks whether the path exists, and in text that is not JSON it does not (Gatus says the same).
            return subject.Function == Function.Has ? (Resolved.Of(false), null) : (null, "body is not JSON");
        }
    }

    private bool Compare(Resolved left, Resolved right)
    {
        if (_operator is Operator.Equal or Operator.NotEqual)
        {
            return AreEqual(left, right) == (_operator == Operator.Equal);
        }

        if (left.Number is not { } a || right.Number is not { } b)
        {
            return false;
        }

        return _operator switch
        {
            Operator.Less => a < b,
            Operator.LessOrEqual => a <= b,
            Operator.Greater => a > b,
            _ => a >= b,
        };
    }

    /// <summary>Numbers compare as numbers (<c>5</c> equals <c>5.0</c> and <c>0x5</c>), anything else as exact text.</summary>
    private static bool AreEqual(Resolved value, Resolved expected) =>
        value.Number is { } a && expected.Number is { } b ? a == b : string.Equals(value.Text, expected.Text, StringComparison.Ordinal);

    /// <summary>
    /// A decimal number (<c>42</c>, <c>-1.5</c>, <c>1e3</c>), or an integer with Go's base prefixes, as Gatus reads
    /// them: <c>0x1F</c>, <c>0o17</c>, <c>0b101</c> (any case, with a sign). Null for anything else.
    /// </summary>
    internal static double? Number(string text)
    {
        if (PrefixedInteger(text) is { } integer)
        {
            return integer;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
    }

    /// <summary>An integer written <c>0x</c>, <c>0o</c> or <c>0b</c> and digits of that base; like Gatus, none beyond 64-bit.</summary>
    private static long? PrefixedInteger(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.AsSpan(negative || text.StartsWith('+') ? 1 : 0);
        if (digits.Length < 3 || digits[0] != '0')
        {
            return null;
        }

        var radix = char.ToLowerInvariant(digits[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 0 };
        if (radix == 0)
        {
            return null;
        }

        ulong magnitude = 0;
        foreach (var c in digits[2..])
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : radix;
            if (digit >= radix || magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return null;
            }

            magnitude = magnitude * (ulong)radix + (ulong)digit;
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        return magnitude > limit ? null : negative ? unchecked((long)(0 - magnitude)) : (long)magnitude;
    }

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
