namespace Modulo.Perf.Workflows.Tests;

/// <summary>
/// Every workflow turns the gate into a job outcome the same way; these run their verdict scripts with bash against
/// real results.json files, so exit 1 (regression) and exit 2 (SLO violation) are proven to stay apart.
/// </summary>
public class VerdictStepsTests
{
    public static TheoryData<string> Workflows => new() { "pr-performance.yml", "nightly-performance.yml", "distributed-performance.yml" };

    [Theory]
    [InlineData("pass", 0, "success", "pass", "0")]
    [InlineData("regression", 1, "success", "regression", "1")]
    [InlineData("regression", 1, "failure", "regression", "1")]
    [InlineData("slo_violation", 2, "failure", "slo_violation", "2")]
    [InlineData("invalid_configuration", 3, "failure", "invalid_configuration", "3")]
    [InlineData("target_unreachable", 4, "failure", "target_unreachable", "4")]
    [InlineData("pass", 0, "failure", "build_failed", "1")]
    [InlineData(null, 0, "failure", "build_failed", "1")]
    public async Task Reading_the_verdict_keeps_the_engines_exit_code(string? verdict, int exitCode, string gateOutcome, string expectedVerdict, string expectedCode)
    {
        foreach (var file in Workflows)
        {
            var reportDirectory = Directory.CreateTempSubdirectory("modulo-perf-results-").FullName;
            try
            {
                if (verdict is not null)
                {
                    await File.WriteAllTextAsync(Path.Combine(reportDirectory, "results.json"),
                        $$"""{ "schemaVersion": 1, "verdict": "{{verdict}}", "exitCode": {{exitCode}}, "aborted": false }""");
                }
                var step = Workflow.Load(file).Step("Read the verdict");

                var outcome = await StepScript.RunAsync(step, new Dictionary<string, string>
                {
                    ["PERF_REPORT_DIR"] = reportDirectory,
                    ["GATE_OUTCOME"] = gateOutcome,
                });

                Assert.True(outcome.ExitCode == 0, $"{file}: {outcome.Log}");
                Assert.Equal(expectedVerdict, outcome.Outputs["verdict"]);
                Assert.Equal(expectedCode, outcome.Outputs["exit-code"]);
                Assert.Equal("${{ steps.gate.outcome }}", Workflow.Text(Workflow.Map(step, "env"), "GATE_OUTCOME"));
            }
            finally
            {
                Directory.Delete(reportDirectory, recursive: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task A_regression_is_a_tolerated_failure_with_exit_code_1(string file)
    {
        var workflow = Workflow.Load(file);
        var step = workflow.Step("Regression check");

        var outcome = await StepScript.RunAsync(step, new Dictionary<string, string>());

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("::warning title=Performance regression::", outcome.Log);
        Assert.Equal("always() && steps.verdict.outputs.verdict == 'regression'", Workflow.Text(step, "if"));
        Assert.Equal("${{ vars.PERF_FAIL_ON_REGRESSION != 'true' }}", Workflow.Text(step, "continue-on-error"));
    }

    [Theory]
    [InlineData("slo_violation", "2")]
    [InlineData("invalid_configuration", "3")]
    [InlineData("target_unreachable", "4")]
    [InlineData("build_failed", "1")]
    public async Task Anything_else_fails_the_job_with_its_own_exit_code(string verdict, string code)
    {
        foreach (var file in Workflows)
        {
            var step = Workflow.Load(file).Step("Gate verdict");

            var outcome = await StepScript.RunAsync(step, new Dictionary<string, string> { ["VERDICT"] = verdict, ["EXIT_CODE"] = code });

            Assert.Equal(int.Parse(code), outcome.ExitCode);
            Assert.Contains($"verdict {verdict}", outcome.Log);
            Assert.False(step.Children.ContainsKey("continue-on-error"), $"{file}: the verdict step must fail the job");
            Assert.Equal("always() && steps.verdict.outputs.verdict != 'pass' && steps.verdict.outputs.verdict != 'regression'", Workflow.Text(step, "if"));
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void The_gate_step_never_stops_the_job_itself_and_the_verdict_runs_whatever_happened(string file)
    {
        var workflow = Workflow.Load(file);

        Assert.Equal("true", Workflow.Text(workflow.Step("Run the performance gate"), "continue-on-error"));
        Assert.Equal("always()", Workflow.Text(workflow.Step("Read the verdict"), "if"));
        Assert.Equal("${{ steps.verdict.outputs.verdict }}", Workflow.Text(Workflow.Map(workflow.Job, "outputs"), "verdict"));
        Assert.Equal("${{ steps.verdict.outputs.exit-code }}", Workflow.Text(Workflow.Map(workflow.Job, "outputs"), "exit-code"));
    }
}
