using YamlDotNet.RepresentationModel;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>
/// The distributed workflow: a matrix of load jobs, one per execution segment, starting together, and a merge job
/// that downloads every segment's partial results and gates on the merged verdict through PerfGateMergeFrom.
/// </summary>
public class DistributedWorkflowTests
{
    private readonly Workflow _workflow = Workflow.Load("distributed-performance.yml");

    private YamlMappingNode Load => _workflow.Jobs["load"];
    private YamlMappingNode Merge => _workflow.Jobs["merge"];

    private static YamlMappingNode StepOf(YamlMappingNode job, string name) =>
        Assert.Single(Workflow.StepsOf(job), s => s.Children.TryGetValue("name", out var n) && Workflow.Text(n) == name);

    [Fact]
    public void The_matrix_has_one_load_job_per_segment_and_none_cancels_the_others()
    {
        var strategy = Workflow.Map(Load, "strategy");
        var segments = Workflow.Strings(Workflow.Map(strategy, "matrix")["segment"]);

        Assert.Equal(Enumerable.Range(1, int.Parse(_workflow.Env["PERF_SEGMENTS"])).Select(i => i.ToString()), segments);
        Assert.Equal("false", Workflow.Text(strategy, "fail-fast"));
        Assert.Equal("plan", Workflow.Text(Load, "needs"));
    }

    [Fact]
    public void Each_load_job_runs_its_segment_at_the_planned_start_and_uploads_its_partial_results()
    {
        var run = StepOf(Load, "Run the segment");
        var command = Workflow.Text(run, "run");

        Assert.Contains("--segment \"$SEGMENT/$PERF_SEGMENTS\"", command);
        Assert.Contains("--start-at \"$START_AT\"", command);
        Assert.Contains("--out \"$RUNNER_TEMP/segment\"", command);
        var env = Workflow.Map(run, "env");
        Assert.Equal("${{ matrix.segment }}", Workflow.Text(env, "SEGMENT"));
        Assert.Equal("${{ needs.plan.outputs.start-at }}", Workflow.Text(env, "START_AT"));
        var upload = Assert.Single(Workflow.StepsOf(Load), s => s.Children.TryGetValue("uses", out var u) && Workflow.Text(u) == "actions/upload-artifact@v4");
        Assert.Equal("always()", Workflow.Text(upload, "if"));
        Assert.Equal("perf-segment-${{ matrix.segment }}", Workflow.Text(Workflow.Map(upload, "with"), "name"));
    }

    [Fact]
    public void The_merge_runs_after_every_load_job_even_a_failed_one_and_gates_through_PerfGateMergeFrom_only()
    {
        Assert.Equal(["plan", "load"], Workflow.Strings(Merge["needs"]));
        Assert.Equal("always()", Workflow.Text(Merge, "if"));
        var download = StepOf(Merge, "Download the partial results");
        Assert.Equal("perf-segment-*", Workflow.Text(Workflow.Map(download, "with"), "pattern"));

        var command = GateCommand.Parse(Workflow.Text(StepOf(Merge, "Run the performance gate"), "run"));

        Assert.Equal(["PerfGate"], command.Targets);
        Assert.Equal("$MERGE_FROM", command.Properties["PerfGateMergeFrom"]);
        // A load property beside PerfGateMergeFrom is PERF9020: the merge step passes none.
        Assert.Empty(command.Properties.Keys.Intersect(["PerfGateProfile", "PerfGateVus", "PerfGateDuration", "PerfGateBaseUrl", "PerfGateServicePort", "PerfGateComposeFile", "PerfGateStartCommand"]));
        Assert.All(command.Properties.Keys.Where(k => k.StartsWith("PerfGate", StringComparison.Ordinal)), k => Assert.Contains(k, GateCommand.GateProperties));
    }

    [Fact]
    public async Task The_merge_lists_every_expected_segment_whether_or_not_it_was_downloaded()
    {
        var outcome = await StepScript.RunAsync(StepOf(Merge, "List the segments"), new Dictionary<string, string>
        {
            ["PERF_SEGMENTS"] = "4",
            ["RUNNER_TEMP"] = "/tmp/runner",
        });

        Assert.True(outcome.ExitCode == 0, outcome.Log);
        Assert.Equal(
            string.Join("%3B", Enumerable.Range(1, 4).Select(i => $"/tmp/runner/segments/perf-segment-{i}")),
            outcome.Outputs["merge-from"]);
    }

    [Fact]
    public async Task The_planned_start_is_an_RFC_3339_time_in_the_future()
    {
        var outcome = await StepScript.RunAsync(StepOf(_workflow.Jobs["plan"], "Choose the start time"), new Dictionary<string, string>());

        Assert.True(outcome.ExitCode == 0, outcome.Log);
        var startAt = DateTimeOffset.ParseExact(outcome.Outputs["start-at"], "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(startAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(6));
    }
}
