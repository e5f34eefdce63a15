namespace Modulo.Perf.Workflows.Tests;

public class PrWorkflowTests
{
    private readonly Workflow _workflow = Workflow.Load("pr-performance.yml");

    [Fact]
    public void Runs_on_pull_requests_to_main_that_touch_the_backend_the_frontend_or_the_gates_config()
    {
        var trigger = Assert.Single(_workflow.On.Children);
        Assert.Equal("pull_request", Workflow.Text(trigger.Key));
        var pullRequest = Workflow.Map(_workflow.On, "pull_request");
        Assert.Equal(["main"], Workflow.Strings(pullRequest["branches"]));
        var paths = Workflow.Strings(pullRequest["paths"]);
        Assert.Contains("backend/**", paths);
        Assert.Contains("frontend/**", paths);
        Assert.Contains("**/perfgate.json", paths);
        Assert.Contains("**/perf-baselines/**", paths);
        // The sample is where this repository's backend lives: a change to it must trigger the gate.
        Assert.Contains(paths, p => p.EndsWith("/**", StringComparison.Ordinal) && _workflow.Env["PERF_PROJECT"].StartsWith(p[..^2], StringComparison.Ordinal));
    }

    [Fact]
    public void Runs_the_real_gate_with_the_smoke_profile_interleaved_against_the_prs_base_commit()
    {
        var command = GateCommand.Parse(Workflow.Text(_workflow.Step("Run the performance gate"), "run"));

        Assert.Equal("$PERF_PROJECT", command.Project);
        Assert.Equal(["PerfGate"], command.Targets);
        Assert.Equal("smoke", command.Properties["PerfGateProfile"]);
        Assert.Equal("false", command.Properties["PerfGateUpdateBaseline"]);
        Assert.Equal("$PERF_BASE_SHA", command.Properties["PerfGateCompareWith"]);
        Assert.Equal("${{ github.event.pull_request.base.sha }}", _workflow.Env["PERF_BASE_SHA"]);
        // Interleaved mode measures the base itself: no baseline file, and each build gets its own free port.
        Assert.False(command.Properties.ContainsKey("PerfGateBaseline"));
        Assert.False(command.Properties.ContainsKey("PerfGateServicePort"));
        Assert.Equal("$PERF_REPORT_DIR", command.Properties["PerfGateReportDir"]);
        Assert.False(command.Properties.ContainsKey("PerfGateBaseUrl"), "a PR gates the service built from the PR, not staging");
        Assert.All(command.Properties.Keys.Where(k => k.StartsWith("PerfGate", StringComparison.Ordinal)), k => Assert.Contains(k, GateCommand.GateProperties));
    }

    [Fact]
    public void Checks_out_the_full_history_so_the_base_commit_is_there()
    {
        var checkout = Assert.Single(_workflow.StepsUsing("actions/checkout@v4"));

        Assert.Equal("0", Workflow.Text(Workflow.Map(checkout, "with"), "fetch-depth"));
    }

    [Fact]
    public void Uploads_the_reports_for_30_days()
    {
        var upload = Assert.Single(_workflow.StepsUsing("actions/upload-artifact@v4"));
        var with = Workflow.Map(upload, "with");

        Assert.Equal("30", Workflow.Text(with, "retention-days"));
        Assert.Equal("always()", Workflow.Text(upload, "if"));
        var paths = Workflow.Text(with, "path");
        foreach (var report in new[] { "performance-report.html", "performance-report.md", "results.json", "junit.xml", "intervals.csv", "intervals.om" })
        {
            Assert.Contains($"${{{{ env.PERF_REPORT_DIR }}}}/{report}", paths);
        }
    }
}
