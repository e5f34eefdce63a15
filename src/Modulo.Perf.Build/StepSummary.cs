using Microsoft.Build.Utilities;

namespace Modulo.Perf.Build;

/// <summary>On GitHub Actions (GITHUB_STEP_SUMMARY set), appends the markdown report to the job summary.</summary>
public static class StepSummary
{
    public static void Append(string reportFile, TaskLoggingHelper log)
    {
        var summaryFile = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(summaryFile) || !File.Exists(reportFile))
        {
            return;
        }
        try
        {
            File.AppendAllText(summaryFile, File.ReadAllText(reportFile) + Environment.NewLine);
        }
        catch (IOException e)
        {
            log.LogWarning($"PerfGate: could not append the report to GITHUB_STEP_SUMMARY ({summaryFile}): {e.Message}");
        }
    }
}
