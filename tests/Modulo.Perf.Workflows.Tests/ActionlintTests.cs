namespace Modulo.Perf.Workflows.Tests;

public class ActionlintTests
{
    [Fact]
    public async Task Every_workflow_passes_actionlint()
    {
        var (exitCode, output) = await Actionlint.LintAsync(RepositoryRoot.Path, ".github/workflows/*-performance.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Checking 3 workflow file(s)", output);
    }

    [Fact]
    public async Task Actionlint_catches_a_broken_step_reference()
    {
        // Proves the linter really checks: a copy of the PR workflow that reads a step id that does not exist.
        var directory = Directory.CreateTempSubdirectory("modulo-perf-lint-").FullName;
        try
        {
            var workflows = Directory.CreateDirectory(Path.Combine(directory, ".github", "workflows")).FullName;
            var text = await File.ReadAllTextAsync(RepositoryRoot.Workflow("pr-performance.yml"));
            await File.WriteAllTextAsync(Path.Combine(workflows, "broken.yml"), text.Replace("steps.verdict.outputs.verdict }}", "steps.verdikt.outputs.verdict }}"));

            var (exitCode, output) = await Actionlint.LintAsync(directory, ".github/workflows/*.yml");

            Assert.Equal(1, exitCode);
            Assert.Contains("property \"verdikt\" is not defined", output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
