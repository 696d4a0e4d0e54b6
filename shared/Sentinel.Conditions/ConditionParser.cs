using System.Buffers;
using System.Globalization;

namespace Sentinel.Conditions;

/// <summary>
/// <code>
/// condition := side operator side                     (a placeholder on one side at least)
/// side      := subject | value | "pat(" pattern ")" | "any(" value ( "," value )* ")"
/// subject   := placeholder path? | "len(" placeholder path? ")" | "has(" placeholder path? ")"
/// path      := ( "." name | "[" digits "]" )+          (only after [BODY]; len() and has() take [BODY] only)
/// operator  := "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
/// </code>
/// Placeholder names are read in any case, as Gatus reads them. A value on the left ends where the operator
/// starts, one on the right at the end; both are taken as written, trimmed. <c>pat()</c> and <c>any()</c> face a
/// subject, with <c>==</c> and <c>!=</c> only. Every error names a 1-based position in the condition.
/// </summary>
internal static class ConditionParser
{
    private static readonly (string Symbol, Operator Operator)[] Operators =
    [
        ("==", Operator.Equal), ("!=", Operator.NotEqual), ("<=", Operator.LessOrEqual),
        (">=", Operator.GreaterOrEqual), ("<", Operator.Less), (">", Operator.Greater),
    ];

    private const string OperatorList = "==, !=, <, <=, > or >=";

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>A side written into the condition, before the subject it faces makes it a <see cref="Constant"/>.</summary>
    private sealed record Written(string Text, int Position) : Operand(Text, Position);

    public static Condition Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConditionException("A condition is empty; write one like [STATUS] == 200", 1);
        }

        if (text.Length > Condition.MaxLength)
        {
            throw new ConditionException($"A condition is at most {Condition.MaxLength} characters", Condition.MaxLength + 1);
        }

        var i = SkipSpaces(text, 0);
        Operand left = StartsSubject(text, i) ? ParseSubject(text, ref i) : ParseLeftValue(text, ref i);
        i = SkipSpaces(text, i);
        var op = ParseOperator(text, ref i);
        i = SkipSpaces(text, i);
        if (i >= text.Length)
        {
            throw new ConditionException($"Nothing to compare with after '{Condition.Symbol(op)}'", i + 1);
        }

        Operand right = StartsSubject(text, i) ? ParseRightSubject(text, i) : new Written(text[i..].TrimEnd(), i + 1);
        return (left, right) switch
        {
            (Subject l, Subject r) => new Condition(text, l, op, CheckPair(l, op, r)),
            (Subject l, Written r) => new Condition(text, l, op, ParseConstant(r, l, op)),
            (Written l, Subject r) => new Condition(text, ParseConstant(l, r, op), op, r),
            _ => throw new ConditionException(
                $"A condition tests a placeholder on one side at least, like [STATUS] == 200 or 200 == [STATUS]; use {Placeholders.List}", 1),
        };
    }

    /// <summary>
    /// Whether a subject starts at <paramref name="i"/>: <c>len(</c>, <c>has(</c>, or a bracketed name. A name is
    /// taken for a placeholder even when it is none, so that a misspelt <c>[STAUS]</c> is an error rather than text;
    /// other bracketed values (<c>[1, 2]</c>) are values.
    /// </summary>
    private static bool StartsSubject(string text, int i)
    {
        var rest = text.AsSpan(i);
        if (rest.StartsWith("len(", StringComparison.Ordinal) || rest.StartsWith("has(", StringComparison.Ordinal))
        {
            return true;
        }

        if (!rest.StartsWith("[", StringComparison.Ordinal))
        {
            return false;
        }

        var close = rest.IndexOf(']');
        if (close < 0)
        {
            return true;
        }

        var name = rest[1..close];
        return !name.IsEmpty && char.IsAsciiLetter(name[0]) && !name.ContainsAnyExcept(NameCharacters);
    }

    private static Subject ParseSubject(string text, ref int i)
    {
        var start = i;
        var function = text.AsSpan(i).StartsWith("len(", StringComparison.Ordinal) ? Function.Length
            : text.AsSpan(i).StartsWith("has(", StringComparison.Ordinal) ? Function.Has
            : Function.None;
        var call = function == Function.Length ? "len" : "has";
        if (function != Function.None)
        {
            i = SkipSpaces(text, i + 4);
        }

        if (i >= text.Length || text[i] != '[')
        {
            throw new ConditionException($"{call}() takes [BODY] or a JSON path into it, like {call}([BODY].items)", i + 1);
        }

        var placeholderAt = i;
        var close = text.IndexOf(']', i);
        if (close < 0)
        {
            throw new ConditionException("'[' is not closed by ']'", i + 1);
        }

        var name = text[(i + 1)..close];
        var placeholder = Placeholders.Find(name);
        if (placeholder is null)
        {
            throw new ConditionException($"'[{name}]' is not a placeholder; use {Placeholders.List}", i + 1);
        }

        i = close + 1;
        var path = new List<PathStep>();
        while (i < text.Length && text[i] is '.' or '[')
        {
            if (placeholder != Placeholder.Body)
            {
                throw new ConditionException($"Only [BODY] takes a JSON path, not {Placeholders.Written(placeholder.Value)}", i + 1);
            }

            path.Add(ParseStep(text, ref i));
        }

        if (function != Function.None)
        {
            if (placeholder != Placeholder.Body)
            {
                throw new ConditionException($"{call}() takes [BODY] or a JSON path into it, not {Placeholders.Written(placeholder.Value)}", placeholderAt + 1);
            }

            i = SkipSpaces(text, i);
            if (i >= text.Length || text[i] != ')')
            {
                throw new ConditionException($"{call}( is not closed by ')'", i + 1);
            }

            i++;
        }

        return new Subject(placeholder.Value, path, function, start + 1);
    }

    /// <summary>A subject on the right, which must end the condition.</summary>
    private static Subject ParseRightSubject(string text, int i)
    {
        var subject = ParseSubject(text, ref i);
        i = SkipSpaces(text, i);
        return i < text.Length
            ? throw new ConditionException($"Unexpected '{text[i..].TrimEnd()}' after {subject}: a side is one placeholder or one value", i + 1)
            : subject;
    }

    /// <summary>
    /// A value on the left ends where the operator starts; <c>pat(…)</c> and <c>any(…)</c> at the first ')' that
    /// the operator follows, since a pattern may hold '&lt;', '=' or ')' of its own (<c>pat(*&lt;b&gt;up&lt;/b&gt;*)</c>).
    /// </summary>
    private static Written ParseLeftValue(string text, ref int i)
    {
        var start = i;
        var call = text.AsSpan(i).StartsWith("pat(", StringComparison.Ordinal) ? "pat("
            : text.AsSpan(i).StartsWith("any(", StringComparison.Ordinal) ? "any("
            : null;
        if (call is not null)
        {
            do
            {
                i = text.IndexOf(')', i + 1);
            }
            while (i >= 0 && !StartsOperator(text, SkipSpaces(text, i + 1)));

            if (i < 0)
            {
                throw new ConditionException($"{call} is not closed by ')' before the operator", start + 1);
            }

            i++;
        }
        else
        {
            while (i < text.Length && !StartsOperator(text, i))
            {
                i++;
            }
        }

        var value = text[start..i].TrimEnd();
        return value.Length > 0
            ? new Written(value, start + 1)
            : throw new ConditionException($"A condition starts with a placeholder or a value, like [STATUS] == 200; use {Placeholders.List}", start + 1);
    }

    private static bool StartsOperator(string text, int i) =>
        i < text.Length && text[i] is '=' or '!' or '<' or '>';

    private static PathStep ParseStep(string text, ref int i)
    {
        var at = i;
        if (text[i] == '.')
        {
            i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('.' or '[' or ']' or '(' or ')' or '=' or '!' or '<' or '>' or ','))
            {
                i++;
            }

            if (i == start)
            {
                throw new ConditionException("A JSON path needs a name after '.', like [BODY].status", at + 1);
            }

            return new PathStep(text[start..i], 0);
        }

        var close = text.IndexOf(']', i);
        if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ConditionException("A JSON path index is a number in brackets, like [BODY].items[0]", at + 1);
        }

        i = close + 1;
        return new PathStep(null, index);
    }

    private static Operator ParseOperator(string text, ref int i)
    {
        if (i >= text.Length)
        {
            throw new ConditionException($"The condition ends without an operator; use {OperatorList}", i + 1);
        }

        foreach (var (symbol, op) in Operators)
        {
            if (text.AsSpan(i).StartsWith(symbol, StringComparison.Ordinal))
            {
                i += symbol.Length;
                return op;
            }
        }

        var found = text[i..].Split(' ')[0];
        throw new ConditionException(
            found == "=" ? "'=' is not an operator; to compare, write ==" : $"Expected an operator ({OperatorList}) but found '{found}'",
            i + 1);
    }

    /// <summary>
    /// Two subjects compare when their values can be equal: true or false only with true or false or with text
    /// (<c>[CONNECTED] == [BODY].up</c>); numbers, milliseconds and durations with each other and with text, as
    /// numbers (durations in milliseconds, as in Gatus). Returns <paramref name="right"/>.
    /// </summary>
    private static Subject CheckPair(Subject left, Operator op, Subject right)
    {
        if ((left.Kind == ValueKind.Boolean ? left : right.Kind == ValueKind.Boolean ? right : null) is not { } boolean)
        {
            return right;
        }

        if (op is not (Operator.Equal or Operator.NotEqual))
        {
            throw new ConditionException($"{boolean} is true or false: compare it with == or !=", boolean.Position);
        }

        var other = boolean == left ? right : left;
        return other.Kind is ValueKind.Boolean or ValueKind.Text
            ? right
            : throw new ConditionException($"{boolean} is true or false, and {other} is not", other.Position);
    }

    /// <summary>A written side as a value, a pattern or a list, fit for the <paramref name="subject"/> it faces.</summary>
    private static Constant ParseConstant(Written side, Subject subject, Operator op)
    {
        var (written, at) = (side.Text, side.Position);
        var equality = op is Operator.Equal or Operator.NotEqual;
        if (Inside(written, "pat(", at) is { } pattern)
        {
            if (!equality || subject.Kind is ValueKind.Boolean or ValueKind.Duration)
            {
                throw new ConditionException(
                    equality ? $"pat() matches text; {subject} is not text" : "pat() only works with == and !=", at);
            }

            return new Constant.Pattern(written, at, pattern);
        }

        if (Inside(written, "any(", at) is { } list)
        {
            if (!equality)
            {
                throw new ConditionException("any() only works with == and !=", at);
            }

            var items = new List<Condition.Resolved>();
            var offset = at + 4;
            foreach (var item in list.Split(','))
            {
                var value = item.Trim();
                if (value.Length == 0)
                {
                    throw new ConditionException("any() lists values separated by commas, like any(200, 201)", offset);
                }

                items.Add(CheckValue(value, subject, op, offset + item.IndexOf(value, StringComparison.Ordinal)));
                offset += item.Length + 1;
            }

            return new Constant.AnyOf(written, at, items);
        }

        if (written.EndsWith(')') && written.IndexOf('(') is > 0 and var open && written[..open].All(char.IsAsciiLetter))
        {
            throw new ConditionException($"'{written[..open]}()' is not a function; use pat(), any(), len() or has()", at);
        }

        return new Constant.Value(written, at, CheckValue(written, subject, op, at));
    }

    /// <summary>A value fit for the kind of the subject it faces and the operator, or an error at <paramref name="at"/>.</summary>
    private static Condition.Resolved CheckValue(string value, Subject subject, Operator op, int at)
    {
        var ordering = op is not (Operator.Equal or Operator.NotEqual);
        switch (subject.Kind)
        {
            case ValueKind.Boolean:
                if (ordering)
                {
                    throw new ConditionException($"{subject} is true or false: compare it with == or !=", at);
                }

                return value is "true" or "false"
                    ? new Condition.Resolved(value, null)
                    : throw new ConditionException($"{subject} is true or false, not '{value}'", at);
            case ValueKind.Duration:
                return Duration.TryParse(value, out var duration)
                    ? new Condition.Resolved(value, duration.TotalMilliseconds)
                    : throw new ConditionException($"'{value}' is not a duration; write one like 72h, 30m, 7d or 1h30m{AsGatusMilliseconds(value)}", at);
            case ValueKind.Milliseconds:
                if (Condition.Number(value) is { } milliseconds)
                {
                    return new Condition.Resolved(value, milliseconds);
                }

                return Duration.TryParse(value, out var span)
                    ? new Condition.Resolved(value, span.TotalMilliseconds)
                    : throw new ConditionException($"'{value}' is neither milliseconds nor a duration; write one like 500, 500ms or 1s", at);
            case ValueKind.Number:
            case ValueKind.Text when ordering:
                return Condition.Number(value) is { } number
                    ? new Condition.Resolved(value, number)
                    : throw new ConditionException($"'{value}' is not a number, and {subject} {Condition.Symbol(op)} compares numbers", at);
            default:
                return new Condition.Resolved(value, Condition.Number(value));
        }
    }

    /// <summary>
    /// Gatus reads a bare number as milliseconds, which a duration's reader would rarely mean (<c>&gt; 30</c> for 30
    /// days would always hold), so it is refused, with the duration Gatus would have read.
    /// </summary>
    private static string AsGatusMilliseconds(string value) =>
        Condition.Number(value) is { } ms && Duration.TryParse($"{Math.Abs(ms).ToString(CultureInfo.InvariantCulture)}ms", out var span)
            ? $" (Gatus reads a bare number as milliseconds: {value} would be {(ms < 0 ? "-" : "")}{Duration.Format(span)})"
            : "";

    /// <summary>The text between <c>name(</c> and the final <c>)</c>, or null when <paramref name="written"/> is not that call.</summary>
    private static string? Inside(string written, string call, int at)
    {
        if (!written.StartsWith(call, StringComparison.Ordinal))
        {
            return null;
        }

        return written.EndsWith(')')
            ? written[call.Length..^1]
            : throw new ConditionException($"{call} is not closed by ')' at the end", at);
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
