using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Every file a run leaves in its output directory; one line per report. The reports are written into a staging
/// directory inside the output directory and then renamed into place one by one, results.json last: a full disk or
/// a killed process leaves the previous files or complete new ones, never a truncated results.json, and a
/// results.json is there only when every report beside it is this run's.
/// </summary>
public static class ReportSet
{
    /// <summary>results.json last: its presence says the run's reports are all in place.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        MarkdownReportWriter.FileName,
        ComparisonResultsWriter.FileName,
        HtmlReportWriter.FileName,
        JUnitReportWriter.FileName,
        IntervalWriter.FileName,
        OpenMetricsWriter.FileName,
        PartialResultsWriter.FileName,
        ResultsJsonWriter.FileName,
    ];

    private const string StagingPrefix = ".modulo-perf-staging-";

    /// <summary>
    /// Removes the reports of an earlier run (and the staging directories of a killed one), so that a verdict read
    /// from <paramref name="directory"/> is always this run's. Other files in it are left alone.
    /// </summary>
    /// <exception cref="ReportWriteException">A file could not be removed.</exception>
    public static void Clear(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        try
        {
            // results.json first: should the rest fail, no stale verdict is left to be read.
            foreach (var name in FileNames.Reverse())
            {
                File.Delete(Path.Combine(directory, name));
            }
            foreach (var staging in Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportWriteException($"cannot remove the previous run's reports from '{Path.GetFullPath(directory)}': {e.Message}", e);
        }
    }

    /// <exception cref="ReportWriteException">A report could not be written (full disk, no permission).</exception>
    public static void WriteAll(string directory, RunResult result)
    {
        var staging = Path.Combine(directory, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
            ResultsJsonWriter.Write(staging, result);
            MarkdownReportWriter.Write(staging, result);
            ComparisonResultsWriter.Write(staging, result);
            HtmlReportWriter.Write(staging, result);
            JUnitReportWriter.Write(staging, result);
            IntervalWriter.Write(staging, result);
            OpenMetricsWriter.Write(staging, result);
            PartialResultsWriter.Write(staging, result);
            foreach (var name in FileNames.Where(name => File.Exists(Path.Combine(staging, name))))
            {
                File.Move(Path.Combine(staging, name), Path.Combine(directory, name), overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportWriteException($"cannot write the reports to '{Path.GetFullPath(directory)}': {e.Message}", e);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    private static void TryDelete(string staging)
    {
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's Clear: the error that matters has been reported already.
        }
    }
}
