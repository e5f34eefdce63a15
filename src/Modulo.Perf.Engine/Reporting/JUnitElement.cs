using System.Globalization;
using System.Text;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// One element of junit.xml: its attributes, child elements and text, written with XML escaping. junit.xml is the
/// only XML the engine writes, and building it with System.Xml.Linq loaded System.Private.Xml and its JIT code at
/// the end of every run, when the reports are written and memory peaks (about 3 MB of the peak RSS).
/// </summary>
internal sealed class JUnitElement(string name)
{
    private readonly List<(string Name, string Value)> _attributes = [];
    private readonly List<JUnitElement> _children = [];
    private string? _text;

    public string Name { get; } = name;

    public IReadOnlyList<JUnitElement> Children => _children;

    /// <summary>Adds an attribute (numbers in the invariant culture); a null value adds nothing.</summary>
    public JUnitElement Attribute(string attribute, object? value)
    {
        if (value is not null)
        {
            _attributes.Add((attribute, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        }
        return this;
    }

    /// <summary>Adds child elements; null ones are skipped.</summary>
    public JUnitElement Add(params IEnumerable<JUnitElement?> children)
    {
        _children.AddRange(children.OfType<JUnitElement>());
        return this;
    }

    public JUnitElement Text(string text)
    {
        _text = text;
        return this;
    }

    public bool HasChild(string child) => _children.Any(c => c.Name == child);

    /// <summary>The document: a declaration, then this element, indented by two spaces per level.</summary>
    public string ToDocument()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        WriteTo(xml, 0);
        return xml.ToString();
    }

    private void WriteTo(StringBuilder xml, int depth)
    {
        xml.Append(' ', 2 * depth).Append('<').Append(Name);
        foreach (var (attribute, value) in _attributes)
        {
            xml.Append(' ').Append(attribute).Append("=\"");
            Escape(xml, value, inAttribute: true);
            xml.Append('"');
        }
        if (_text is null && _children.Count == 0)
        {
            xml.Append(" />\n");
            return;
        }
        xml.Append('>');
        if (_text is not null)
        {
            Escape(xml, _text, inAttribute: false);
        }
        if (_children.Count > 0)
        {
            xml.Append('\n');
            foreach (var child in _children)
            {
                child.WriteTo(xml, depth + 1);
            }
            xml.Append(' ', 2 * depth);
        }
        xml.Append("</").Append(Name).Append(">\n");
    }

    // Line breaks and tabs in attributes as character references, so a reader keeps them (it would normalise them
    // to spaces otherwise); characters XML 1.0 cannot carry at all (other controls, lone surrogates) as U+FFFD.
    private static void Escape(StringBuilder xml, string value, bool inAttribute)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '"' when inAttribute: xml.Append("&quot;"); break;
                case '\n' when inAttribute: xml.Append("&#xA;"); break;
                case '\r': xml.Append("&#xD;"); break;
                case '\t' when inAttribute: xml.Append("&#x9;"); break;
                case '\n' or '\t': xml.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': xml.Append('\uFFFD'); break;
                default:
                    if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            xml.Append(c).Append(value[++i]);
                        }
                        else
                        {
                            xml.Append('\uFFFD');
                        }
                    }
                    else
                    {
                        xml.Append(c);
                    }
                    break;
            }
        }
    }
}
