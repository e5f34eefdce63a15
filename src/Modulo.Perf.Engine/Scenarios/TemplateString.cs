using System.Buffers;
using System.Runtime.CompilerServices;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>One piece of a template: literal text, or a <c>{variable}</c> whose name is <see cref="Text"/>.</summary>
/// <param name="Start">Index in the template of the literal's first character or of the variable's opening brace.</param>
public readonly record struct TemplateSegment(bool IsVariable, string Text, int Start);

/// <summary>
/// A string with <c>{name}</c> placeholders, such as <c>/api/notes/{id}</c>, parsed once when the config is loaded
/// and rendered per request. A name is a letter or underscore followed by letters, digits or underscores, and may
/// go on with <c>.column</c> (a data feeder's column, <c>{users.email}</c>) or <c>:MIN-MAX</c> (a range,
/// <c>{randInt:1-1000}</c>); the whole reference is the segment's text. Any other brace is literal text, so
/// JSON-looking text and <c>${env:X}</c> pass through unchanged.
/// </summary>
public sealed class TemplateString
{
    private readonly string _template;
    private readonly int _literalLength;

    public IReadOnlyList<TemplateSegment> Segments { get; }

    /// <summary>Variable names in order of appearance (a repeated name appears once per use).</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>True when there is no placeholder: rendering returns the template itself without allocating.</summary>
    public bool IsConstant => Variables.Count == 0;

    private TemplateString(string template, IReadOnlyList<TemplateSegment> segments)
    {
        _template = template;
        Segments = segments;
        Variables = [.. segments.Where(s => s.IsVariable).Select(s => s.Text)];
        _literalLength = segments.Where(s => !s.IsVariable).Sum(s => s.Text.Length);
    }

    public static TemplateString Parse(string template)
    {
        var segments = new List<TemplateSegment>();
        var literalStart = 0;
        var position = 0;
        while (position < template.Length)
        {
            var nameLength = template[position] == '{' ? ReferenceLength(template, position + 1) : 0;
            if (nameLength == 0)
            {
                position++;
                continue;
            }
            if (position > literalStart)
            {
                segments.Add(new TemplateSegment(false, template[literalStart..position], literalStart));
            }

            segments.Add(new TemplateSegment(true, template.Substring(position + 1, nameLength), position));
            position += nameLength + 2;
            literalStart = position;
        }
        if (literalStart < template.Length)
        {
            segments.Add(new TemplateSegment(false, template[literalStart..], literalStart));
        }

        return new TemplateString(template, segments);
    }

    /// <summary>A template of literal text only: braces in <paramref name="text"/> are never placeholders.</summary>
    public static TemplateString Literal(string text) => new(text, text.Length == 0 ? [] : [new TemplateSegment(false, text, 0)]);

    /// <summary>Joins templates in order: their placeholders stay placeholders and their literal text stays literal.</summary>
    public static TemplateString Concat(IEnumerable<TemplateString> parts)
    {
        var segments = new List<TemplateSegment>();
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            segments.AddRange(part.Segments.Select(segment => segment with { Start = segment.Start + text.Length }));
            text.Append(part._template);
        }
        return new TemplateString(text.ToString(), segments);
    }

    /// <summary>True for a valid variable name: a letter or underscore, then letters, digits or underscores.</summary>
    public static bool IsVariableName(string name) => name.Length > 0 && IdentifierLength(name, 0) == name.Length;

    /// <summary>True for anything a placeholder may hold: a variable name, <c>feeder.column</c> or <c>name:MIN-MAX</c>.</summary>
    public static bool IsReference(string text) => text.Length > 0 && ReferenceLength($"{text}}}", 0) == text.Length;

    /// <summary>
    /// Replaces each placeholder with <paramref name="lookup"/>'s value. A constant template is returned as is.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The lookup has no value for a variable (e.g. its capture failed).</exception>
    public string Render(Func<string, string?> lookup)
    {
        if (IsConstant)
        {
            return _template;
        }

        var builder = new DefaultInterpolatedStringHandler(_literalLength, Variables.Count);
        foreach (var segment in Segments)
        {
            if (segment.IsVariable)
            {
                builder.AppendLiteral(Lookup(lookup, segment.Text));
            }
            else
            {
                builder.AppendLiteral(segment.Text);
            }
        }
        return builder.ToStringAndClear();
    }

    /// <summary>Writes the rendered text into <paramref name="destination"/> without creating a string.</summary>
    /// <exception cref="KeyNotFoundException">The lookup has no value for a variable.</exception>
    public void Render(IBufferWriter<char> destination, Func<string, string?> lookup)
    {
        foreach (var segment in Segments)
        {
            var text = segment.IsVariable ? Lookup(lookup, segment.Text) : segment.Text;
            text.AsSpan().CopyTo(destination.GetSpan(text.Length));
            destination.Advance(text.Length);
        }
    }

    public override string ToString() => _template;

    private static string Lookup(Func<string, string?> lookup, string name) =>
        lookup(name) ?? throw new KeyNotFoundException($"variable '{name}' has no value");

    // Length of a valid reference starting at start and closed by '}', or 0 when the brace is literal text.
    private static int ReferenceLength(string text, int start)
    {
        var end = start + IdentifierLength(text, start);
        if (end == start)
        {
            return 0;
        }

        if (end < text.Length && text[end] == '.')
        {
            var column = IdentifierLength(text, end + 1);
            end = column == 0 ? -1 : end + 1 + column;
        }
        else if (end < text.Length && text[end] == ':')
        {
            end = RangeEnd(text, end + 1);
        }

        return end > 0 && end < text.Length && text[end] == '}' ? end - start : 0;
    }

    // A letter or underscore, then letters, digits or underscores; 0 when there is none at start.
    private static int IdentifierLength(string text, int start)
    {
        if (start >= text.Length || !(char.IsAsciiLetter(text[start]) || text[start] == '_'))
        {
            return 0;
        }

        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end - start;
    }

    // The end of DIGITS-DIGITS starting at start, or -1: anything else after a ':' keeps the brace literal.
    private static int RangeEnd(string text, int start)
    {
        var end = Digits(text, start);
        if (end == start || end >= text.Length || text[end] != '-')
        {
            return -1;
        }

        var upperEnd = Digits(text, end + 1);
        return upperEnd == end + 1 ? -1 : upperEnd;
    }

    private static int Digits(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end;
    }
}
