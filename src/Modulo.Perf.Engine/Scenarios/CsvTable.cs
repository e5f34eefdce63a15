using System.Text;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// Reads RFC 4180 CSV: a header row, then records of as many fields, separated by commas and ended by CRLF or LF;
/// a field in double quotes may hold commas, line breaks and <c>""</c> for a quote. Strict, because a feeder file
/// is test data: an unclosed quote, text after a closing quote or a record of the wrong length is an error at its
/// line and column in the CSV file. (A small reader instead of a library: it needs exact positions, reads a file
/// once per run, and the packages at hand expose neither.)
/// </summary>
internal static class CsvTable
{
    public static (IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows) Parse(string path, string text)
    {
        var reader = new Reader(path, text);
        var header = reader.ReadRecord() ?? throw reader.Error(1, 1, "the file is empty; it needs a header row naming the columns");
        var rows = new List<string[]>();
        while (reader.Position < text.Length)
        {
            var line = reader.Line;
            var record = reader.ReadRecord()!;
            if (record.Length == 1 && record[0].Length == 0)
            {
                // A blank line (usually the last one) is no record.
                continue;
            }

            if (record.Length != header.Length)
            {
                throw reader.Error(line, 1,
                    $"row {rows.Count + 1} has {record.Length} value(s) but the header has {header.Length} column(s) ({string.Join(", ", header)})");
            }

            rows.Add(record);
        }
        return (header, rows);
    }

    private sealed class Reader(string path, string text)
    {
        private int _lineStart;

        public int Position { get; private set; }
        public int Line { get; private set; } = 1;

        public ConfigurationException Error(int line, int column, string message) => new(message, new SourceLocation(path, line, column));

        // One record and its line break; null at the end of the text.
        public string[]? ReadRecord()
        {
            if (Position >= text.Length)
            {
                return null;
            }

            var fields = new List<string>();
            while (true)
            {
                fields.Add(text[Position] == '"' ? ReadQuoted() : ReadPlain());
                if (Position >= text.Length)
                {
                    return [.. fields];
                }

                var separator = text[Position++];
                if (separator == '\r' && Position < text.Length && text[Position] == '\n')
                {
                    Position++;
                }

                if (separator != ',')
                {
                    NewLine();
                    return [.. fields];
                }
            }
        }

        private string ReadPlain()
        {
            var start = Position;
            while (Position < text.Length && text[Position] is not (',' or '\r' or '\n'))
            {
                if (text[Position] == '"')
                {
                    throw Error(Line, Position - _lineStart + 1, "a quote inside an unquoted value; quote the whole value and write a quote as \"\"");
                }

                Position++;
            }
            return text[start..Position];
        }

        private string ReadQuoted()
        {
            var (openLine, openColumn) = (Line, Position - _lineStart + 1);
            var value = new StringBuilder();
            Position++;
            while (true)
            {
                if (Position >= text.Length)
                {
                    throw Error(openLine, openColumn, "a quoted value is never closed");
                }

                var c = text[Position++];
                if (c == '"')
                {
                    if (Position < text.Length && text[Position] == '"')
                    {
                        value.Append('"');
                        Position++;
                        continue;
                    }

                    if (Position < text.Length && text[Position] is not (',' or '\r' or '\n'))
                    {
                        throw Error(Line, Position - _lineStart + 1, "text after a closing quote; a quote inside a quoted value is written \"\"");
                    }

                    return value.ToString();
                }

                value.Append(c);
                if (c == '\n')
                {
                    NewLine();
                }
            }
        }

        private void NewLine()
        {
            Line++;
            _lineStart = Position;
        }
    }
}
