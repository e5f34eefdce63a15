namespace Modulo.Perf.Build.Tests;

/// <summary>The portable engine runs on the build's dotnet; the native one directly, executable even when NuGet dropped its mode.</summary>
public sealed class EngineCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("engine-command-").FullName;

    [Fact]
    public void The_portable_engine_runs_on_the_given_dotnet()
    {
        var (fileName, arguments) = EngineCommand.For("/pkg/tools/engine/modulo-perf.dll", "/usr/share/dotnet/dotnet", ["run", "--config", "p.json"]);

        Assert.Equal("/usr/share/dotnet/dotnet", fileName);
        Assert.Equal(["/pkg/tools/engine/modulo-perf.dll", "run", "--config", "p.json"], arguments);
    }

    [Fact]
    public void The_native_engine_runs_directly_and_is_made_executable_first()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No Unix file modes, and no native engine for Windows in the package.
        }
        var engine = Path.Combine(_directory, "modulo-perf");
        File.WriteAllText(engine, "#!/bin/sh\n");
        // What NuGet's extraction leaves: read and write, no execute.
        File.SetUnixFileMode(engine, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (fileName, arguments) = EngineCommand.For(engine, "dotnet", ["validate"]);

        Assert.Equal(engine, fileName);
        Assert.Equal(["validate"], arguments);
        Assert.True(File.GetUnixFileMode(engine).HasFlag(UnixFileMode.UserExecute), File.GetUnixFileMode(engine).ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
