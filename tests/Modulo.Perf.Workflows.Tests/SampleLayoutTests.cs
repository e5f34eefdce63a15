namespace Modulo.Perf.Workflows.Tests;

/// <summary>The workflows work on this repository as they are: the project they gate exists and has its config.</summary>
public class SampleLayoutTests
{
    [Theory]
    [InlineData("pr-performance.yml")]
    [InlineData("nightly-performance.yml")]
    public void The_gated_project_exists_with_its_perfgate_json_and_takes_the_packed_gate(string file)
    {
        var project = Path.Combine(RepositoryRoot.Path, Workflow.Load(file).Env["PERF_PROJECT"]);

        var csproj = File.ReadAllText(Assert.Single(Directory.GetFiles(project, "*.csproj")));
        // The version the pack step passes is the one the project's reference to the gate uses.
        Assert.Contains("<PackageReference Include=\"Modulo.Perf.Build\" VersionOverride=\"$(ModuloPerfBuildVersion)\"", csproj);
        Assert.True(File.Exists(Path.Combine(project, "perfgate.json")), $"{project} has no perfgate.json, the gate's default config");
    }

    // The PR workflow compares two builds started side by side, each on its own free port.
    [Theory]
    [InlineData("nightly-performance.yml")]
    public void A_started_service_listens_on_a_fixed_port_so_runs_keep_one_fingerprint(string file)
    {
        var workflow = Workflow.Load(file);
        var command = GateCommand.Parse(Workflow.Text(workflow.Step("Run the performance gate"), "run"));

        Assert.Equal("$PERF_SERVICE_PORT", command.Properties["PerfGateServicePort"]);
        Assert.InRange(int.Parse(workflow.Env["PERF_SERVICE_PORT"], System.Globalization.CultureInfo.InvariantCulture), 1024, 65535);
    }

    [Theory]
    [InlineData("pr-performance.yml")]
    [InlineData("nightly-performance.yml")]
    public void Packs_the_gate_from_source_only_in_this_repository(string file)
    {
        var workflow = Workflow.Load(file);
        var pack = workflow.Step("Pack the gate from this repository");

        Assert.Equal("hashFiles('src/Modulo.Perf.Build/Modulo.Perf.Build.csproj') != ''", Workflow.Text(pack, "if"));
        // A version named after the sources: the engine version is part of the fingerprint baselines compare.
        Assert.Equal("echo \"version=$(build/pack.sh \"0.0.0-ci${{ hashFiles('src/**') }}\")\" >> \"$GITHUB_OUTPUT\"", Workflow.Text(pack, "run").Trim());
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "src", "Modulo.Perf.Build", "Modulo.Perf.Build.csproj")), "the condition holds here");
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "build", "pack.sh")));
        Assert.Contains("steps.pack.outputs.version && format('-p:ModuloPerfBuildVersion={0}', steps.pack.outputs.version) || ''",
            Workflow.Text(workflow.Step("Run the performance gate"), "run"));
        Assert.True(workflow.Steps.IndexOf(pack) < workflow.Steps.IndexOf(workflow.Step("Run the performance gate")));
    }
}
