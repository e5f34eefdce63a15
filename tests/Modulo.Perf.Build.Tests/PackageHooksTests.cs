using System.Runtime.InteropServices;
using Target = Microsoft.Build.Logging.StructuredLogger.Target;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// The package's MSBuild hooks as a consumer meets them: <c>PerfGateDependsOn</c> set in Directory.Build.props
/// adds to the gate's targets instead of replacing the build, the task is loaded from the private
/// <c>_PerfGateTaskAssembly</c> property, and the engine is the NativeAOT executable on linux-x64.
/// </summary>
[Collection(PackedGateCollection.Name)]
public sealed class PackageHooksTests(PackedGateFixture fixture)
{
    [Fact]
    public async Task PerfGateDependsOn_from_Directory_Build_props_runs_after_the_build_and_the_gate_passes()
    {
        // A consumer of its own: Directory.Build.props would change every other test's project.
        var consumer = ConsumerProject.Create(Path.Combine(fixture.Root, "hooked"), fixture.Feed, fixture.PackageVersion);
        File.WriteAllText(Path.Combine(consumer.Directory, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <PerfGateDependsOn>ConsumerHook</PerfGateDependsOn>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer.Directory, "Directory.Build.targets"), """
            <Project>
              <Target Name="ConsumerHook">
                <Message Importance="high" Text="consumer hook ran" />
              </Target>
            </Project>
            """);
        var config = consumer.WriteConfig("perfgate.hooked.json", "p(95)<1000");

        var run = await GateRun.RunAsync(consumer, "hooked", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.PerfDiagnostics);
        var build = Ran(run, "Build");
        var hook = Ran(run, "ConsumerHook");
        Assert.True(build.EndTime <= hook.StartTime, $"Build ended at {build.EndTime:O}, after ConsumerHook started at {hook.StartTime:O}");
    }

    [Fact]
    public async Task The_task_is_loaded_from_the_private_task_assembly_property()
    {
        var config = fixture.Consumer.WriteConfig("perfgate.task-path.json", "p(95)<1000");
        var elsewhere = Path.Combine(fixture.Root, "no-such-tasks", "Modulo.Perf.Build.dll");

        var run = await GateRun.RunAsync(fixture.Consumer, "task-path", $"-p:PerfGateConfig={config}", $"-p:_PerfGateTaskAssembly={elsewhere}");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.Errors, e => e.Code == "MSB4062");
        Assert.Contains(elsewhere, error.Text);
    }

    [Fact]
    public async Task On_linux_x64_the_gate_runs_the_native_engine_and_elsewhere_the_portable_one()
    {
        var picked = await PickedEngine();
        // Another platform's build finds no native engine it can run: the same as one the package does not carry.
        var withoutNative = await PickedEngine($"-p:_PerfGateNativeEngine={Path.Combine(fixture.Root, "no-such-engine", "modulo-perf")}");

        var onLinuxX64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
        Assert.EndsWith(onLinuxX64 ? Path.Combine("tools", "engine-linux-x64", "modulo-perf") : Path.Combine("tools", "engine", "modulo-perf.dll"), picked);
        Assert.True(File.Exists(picked), picked);
        Assert.EndsWith(Path.Combine("tools", "engine", "modulo-perf.dll"), withoutNative);
        Assert.True(File.Exists(withoutNative), withoutNative);
    }

    private async Task<string> PickedEngine(params string[] properties)
    {
        using var msbuild = new DotnetCommand(["msbuild", fixture.Consumer.ProjectFile, "-nologo", "-getProperty:_PerfGateEngine", .. properties],
            fixture.Consumer.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = fixture.Consumer.PackagesDirectory });
        var exitCode = await msbuild.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, msbuild.Output);
        return msbuild.Output.Trim();
    }

    private static Target Ran(GateRun run, string name)
    {
        var target = run.Log.FindChildrenRecursive<Target>(t => t.Name == name).FirstOrDefault();
        Assert.True(target is { Succeeded: true }, $"target {name} did not run. {run}");
        return target!;
    }
}
