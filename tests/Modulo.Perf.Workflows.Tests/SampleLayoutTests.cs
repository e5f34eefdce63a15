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

    [Theory]
    [InlineData("pr-performance.yml")]
    [InlineData("nightly-performance.yml")]
    public void Packs_the_gate_from_source_only_in_this_repository(string file)
    {
        var workflow = Workflow.Load(file);
        var pack = workflow.Step("Pack the gate from this repository");

        Assert.Equal("hashFiles('src/Modulo.Perf.Build/Modulo.Perf.Build.csproj') != ''", Workflow.Text(pack, "if"));
        Assert.Equal("echo \"version=$(build/pack.sh)\" >> \"$GITHUB_OUTPUT\"", Workflow.Text(pack, "run").Trim());
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "src", "Modulo.Perf.Build", "Modulo.Perf.Build.csproj")), "the condition holds here");
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "build", "pack.sh")));
        Assert.Contains("steps.pack.outputs.version && format('-p:ModuloPerfBuildVersion={0}', steps.pack.outputs.version) || ''",
            Workflow.Text(workflow.Step("Run the performance gate"), "run"));
        Assert.True(workflow.Steps.IndexOf(pack) < workflow.Steps.IndexOf(workflow.Step("Run the performance gate")));
    }
}
