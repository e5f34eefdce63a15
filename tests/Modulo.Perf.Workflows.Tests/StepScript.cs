using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>
/// Runs a workflow step's <c>run:</c> script with bash the way GitHub's runner does (<c>bash --noprofile --norc
/// -eo pipefail</c>), with GITHUB_OUTPUT pointing at a file the test reads back.
/// </summary>
public static class StepScript
{
    public sealed record Outcome(int ExitCode, IReadOnlyDictionary<string, string> Outputs, string Log);

    public static async Task<Outcome> RunAsync(YamlMappingNode step, IReadOnlyDictionary<string, string> environment)
    {
        var script = Workflow.Text(step, "run");
        Assert.DoesNotContain("${{", script);
        var directory = Directory.CreateTempSubdirectory("modulo-perf-step-").FullName;
        try
        {
            var scriptPath = Path.Combine(directory, "step.sh");
            var outputPath = Path.Combine(directory, "github-output");
            await File.WriteAllTextAsync(scriptPath, script);
            await File.WriteAllTextAsync(outputPath, "");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", scriptPath })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["GITHUB_OUTPUT"] = outputPath;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            var outputs = (await File.ReadAllLinesAsync(outputPath))
                .Where(l => l.Contains('='))
                .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
            return new Outcome(process.ExitCode, outputs, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
