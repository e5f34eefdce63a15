using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Tests.Scenarios;

/// <summary>The feeder's RFC 4180 reader: what it accepts, and where it reports what it does not.</summary>
public class CsvTableTests
{
    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\n1,2\n\n3,4\n\n")]
    [InlineData("\"a\",\"b\"\n\"1\",2\n3,\"4\"\n")]
    public void Reads_header_and_rows_whatever_the_line_ends_and_quoting(string text)
    {
        var (columns, rows) = CsvTable.Parse("f.csv", text);

        Assert.Equal(["a", "b"], columns);
        Assert.Equal([["1", "2"], ["3", "4"]], rows);
    }

    [Fact]
    public void Quoted_values_keep_commas_quotes_line_breaks_and_empty_values()
    {
        var (_, rows) = CsvTable.Parse("f.csv", "name,note,empty\n\"Doe, J.\",\"said \"\"hi\"\"\nand left\",\n");

        Assert.Equal([["Doe, J.", "said \"hi\"\nand left", ""]], rows);
    }

    [Theory]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("a,b\n1,2\n3,4,5\n", 3, 1, "row 2 has 3 value(s) but the header has 2 column(s) (a, b)")]
    [InlineData("a,b\n\"1\n2\",x\n3\n", 4, 1, "row 2 has 1 value(s)")]
    [InlineData("a,b\n1,x\"y\n", 2, 4, "a quote inside an unquoted value")]
    [InlineData("a,b\n1,\"x\" y\n", 2, 6, "text after a closing quote")]
    [InlineData("a,b\n1,2\n\"open,3\n", 3, 1, "a quoted value is never closed")]
    public void Reports_malformed_text_at_its_line_and_column(string text, int line, int column, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => CsvTable.Parse("f.csv", text));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("f.csv", line, column), error.Location);
    }
}
