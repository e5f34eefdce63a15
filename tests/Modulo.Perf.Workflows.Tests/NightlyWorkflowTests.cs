namespace Modulo.Perf.Workflows.Tests;

public class NightlyWorkflowTests
{
    private readonly Workflow _workflow = Workflow.Load("nightly-performance.yml");

    [Fact]
    public void Runs_at_two_every_night_and_on_demand_with_a_profile_choice()
    {
        Assert.Equal(["schedule", "workflow_dispatch"], _workflow.On.Children.Keys.Select(Workflow.Text));
        var schedule = Assert.Single(((YamlDotNet.RepresentationModel.YamlSequenceNode)_workflow.On["schedule"]).Children);
        Assert.Equal("0 2 * * *", Workflow.Text((YamlDotNet.RepresentationModel.YamlMappingNode)schedule, "cron"));
        var profile = Workflow.Map(Workflow.Map(Workflow.Map(_workflow.On, "workflow_dispatch"), "inputs"), "profile");
        Assert.Equal("choice", Workflow.Text(profile, "type"));
        Assert.Equal(["normal", "stress"], Workflow.Strings(profile["options"]));
        Assert.Equal("normal", Workflow.Text(profile, "default"));
        // A scheduled run has no inputs: the profile falls back to normal.
        Assert.Equal("${{ inputs.profile || 'normal' }}", _workflow.Env["PERF_PROFILE"]);
    }

    [Fact]
    public void Runs_the_real_gate_against_staging_and_updates_the_baseline()
    {
        var command = GateCommand.Parse(Workflow.Text(_workflow.Step("Run the performance gate"), "run"));

        Assert.Equal("$PERF_PROJECT", command.Project);
        Assert.Equal(["PerfGate"], command.Targets);
        Assert.Equal("$PERF_PROFILE", command.Properties["PerfGateProfile"]);
        Assert.Equal("$PERF_BASE_URL", command.Properties["PerfGateBaseUrl"]);
        Assert.Equal("$PERF_BASELINE", command.Properties["PerfGateBaseline"]);
        Assert.Equal("true", command.Properties["PerfGateUpdateBaseline"]);
        Assert.Equal("$PERF_REPORT_DIR", command.Properties["PerfGateReportDir"]);
        Assert.Equal("${{ secrets.PERF_STAGING_URL || vars.PERF_STAGING_URL }}", _workflow.Env["PERF_BASE_URL"]);
        Assert.All(command.Properties.Keys.Where(k => k.StartsWith("PerfGate", StringComparison.Ordinal)), k => Assert.Contains(k, GateCommand.GateProperties));
    }

    [Fact]
    public void Keeps_the_baseline_only_after_a_pass_for_90_days_and_results_and_reports_for_30()
    {
        var uploads = _workflow.StepsUsing("actions/upload-artifact@v4")
            .ToDictionary(s => Workflow.Text(s, "name"), s => (If: Workflow.Text(s, "if"), With: Workflow.Map(s, "with")));

        Assert.Equal(["Upload the baseline", "Upload results", "Upload reports"], uploads.Keys);
        Assert.Equal("always() && steps.verdict.outputs.verdict == 'pass'", uploads["Upload the baseline"].If);
        Assert.Equal("90", Workflow.Text(uploads["Upload the baseline"].With, "retention-days"));
        Assert.Equal("${{ env.PERF_PROJECT }}/${{ env.PERF_BASELINE }}", Workflow.Text(uploads["Upload the baseline"].With, "path"));
        Assert.Equal("always()", uploads["Upload results"].If);
        Assert.Equal("30", Workflow.Text(uploads["Upload results"].With, "retention-days"));
        foreach (var file in new[] { "results.json", "comparison-results.json", "junit.xml", "intervals.csv", "intervals.om" })
        {
            Assert.Contains($"${{{{ env.PERF_REPORT_DIR }}}}/{file}", Workflow.Text(uploads["Upload results"].With, "path"));
        }
        Assert.Equal("always()", uploads["Upload reports"].If);
        Assert.Equal("30", Workflow.Text(uploads["Upload reports"].With, "retention-days"));
        Assert.Contains("/performance-report.html", Workflow.Text(uploads["Upload reports"].With, "path"));

        var save = Assert.Single(_workflow.StepsUsing("actions/cache/save@v4"));
        var restore = Assert.Single(_workflow.StepsUsing("actions/cache/restore@v4"));
        Assert.Equal("always() && steps.verdict.outputs.verdict == 'pass'", Workflow.Text(save, "if"));
        Assert.Equal(Workflow.Text(Workflow.Map(save, "with"), "path"), Workflow.Text(Workflow.Map(restore, "with"), "path"));
        Assert.StartsWith(Workflow.Text(Workflow.Map(restore, "with"), "restore-keys"), Workflow.Text(Workflow.Map(restore, "with"), "key"));
        Assert.True(_workflow.Steps.IndexOf(restore) < _workflow.Steps.IndexOf(_workflow.Step("Run the performance gate")), "the history is restored before the run");
    }
}
