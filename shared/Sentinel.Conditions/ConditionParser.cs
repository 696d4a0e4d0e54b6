using System.Globalization;

namespace Sentinel.Conditions;

/// <summary>
/// <code>
/// condition := subject operator expected
/// subject   := placeholder path? | "len(" placeholder path? ")"
/// path      := ( "." name | "[" digits "]" )+          (only after [BODY])
/// operator  := "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
/// expected  := value | "pat(" pattern ")" | "any(" value ( "," value )* ")"
/// </code>
/// Values are taken as written, trimmed. Every error names a 1-based position in the condition.
/// </summary>
internal static class ConditionParser
{
    private static readonly (string Symbol, Operator Operator)[] Operators =
    [
        ("==", Operator.Equal), ("!=", Operator.NotEqual), ("<=", Operator.LessOrEqual),
        (">=", Operator.GreaterOrEqual), ("<", Operator.Less), (">", Operator.Greater),
    ];

    private const string OperatorList = "==, !=, <, <=, > or >=";

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
        var subject = ParseSubject(text, ref i);
        i = SkipSpaces(text, i);
        var op = ParseOperator(text, ref i);
        var expected = ParseExpected(text, SkipSpaces(text, i), subject, op);
        return new Condition(text, subject, op, expected);
    }

    private static Subject ParseSubject(string text, ref int i)
    {
        var start = i;
        var length = text.AsSpan(i).StartsWith("len(", StringComparison.Ordinal);
        if (length)
        {
            i = SkipSpaces(text, i + 4);
        }

        if (i >= text.Length || text[i] != '[')
        {
            throw new ConditionException(
                length
                    ? "len() takes [BODY] or a JSON path into it, like len([BODY].items)"
                    : $"A condition starts with a placeholder, like [STATUS] == 200, or len([BODY].items) > 0; use {Placeholders.List}",
                i + 1);
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
                throw new ConditionException($"Only [BODY] takes a JSON path, not [{name}]", i + 1);
            }

            path.Add(ParseStep(text, ref i));
        }

        if (length)
        {
            if (placeholder != Placeholder.Body)
            {
                throw new ConditionException($"len() takes [BODY] or a JSON path into it, not [{name}]", placeholderAt + 1);
            }

            i = SkipSpaces(text, i);
            if (i >= text.Length || text[i] != ')')
            {
                throw new ConditionException("len( is not closed by ')'", i + 1);
            }

            i++;
        }

        return new Subject(placeholder.Value, path, length, start + 1);
    }

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

    private static Expected ParseExpected(string text, int i, Subject subject, Operator op)
    {
        var written = text[i..].TrimEnd();
        var at = i + 1;
        if (written.Length == 0)
        {
            throw new ConditionException($"Nothing to compare with after '{Condition.Symbol(op)}'", at);
        }

        var equality = op is Operator.Equal or Operator.NotEqual;
        if (Inside(written, "pat(", at) is { } pattern)
        {
            if (!equality || subject.Kind is ValueKind.Boolean or ValueKind.Duration)
            {
                throw new ConditionException(
                    equality ? $"pat() matches text; {subject} is not text" : "pat() only works with == and !=", at);
            }

            return new Expected.Pattern(written, pattern);
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

            return new Expected.AnyOf(written, items);
        }

        if (written.StartsWith("len(", StringComparison.Ordinal) || (written.StartsWith('[') && Placeholders.Find(written.Trim('[', ']')) is not null))
        {
            throw new ConditionException("The right side is a value, not a placeholder: put the placeholder on the left", at);
        }

        if (written.EndsWith(')') && written.IndexOf('(') is > 0 and var open && written[..open].All(char.IsAsciiLetter))
        {
            throw new ConditionException($"'{written[..open]}()' is not a function; use pat(), any() or, on the left, len()", at);
        }

        return new Expected.Value(written, CheckValue(written, subject, op, at));
    }

    /// <summary>A value fit for the left side's kind and the operator, or an error at <paramref name="at"/>.</summary>
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
                    : throw new ConditionException($"'{value}' is not a duration; write one like 72h, 30m, 7d or 1h30m", at);
            case ValueKind.Number:
            case ValueKind.Text when ordering:
                return Condition.Number(value) is { } number
                    ? new Condition.Resolved(value, number)
                    : throw new ConditionException($"'{value}' is not a number, and {subject} {Condition.Symbol(op)} compares numbers", at);
            default:
                return new Condition.Resolved(value, Condition.Number(value));
        }
    }

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
