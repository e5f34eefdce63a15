using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>Every file a run leaves in its output directory; one line per report.</summary>
public static class ReportSet
{
    public static void WriteAll(string directory, RunResult result)
    {
        ResultsJsonWriter.Write(directory, result);
        MarkdownReportWriter.Write(directory, result);
        ComparisonResultsWriter.Write(directory, result);
        HtmlReportWriter.Write(directory, result);
        JUnitReportWriter.Write(directory, result);
        IntervalWriter.Write(directory, result);
        OpenMetricsWriter.Write(directory, result);
        PartialResultsWriter.Write(directory, result);
    }
}
