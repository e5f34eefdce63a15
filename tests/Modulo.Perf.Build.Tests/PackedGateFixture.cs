using System.Globalization;
using System.Runtime.InteropServices;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// Packs Modulo.Perf.Build from this checkout ONCE per test run, with a unique version, into a temp
/// feed, and generates and restores the consumer project that every test builds. Tests run on a fresh
/// machine with nothing but the repository, so the pack is part of the tests, not a prerequisite.
/// </summary>
public sealed class PackedGateFixture : IAsyncLifetime
{
    // The pack compiles the NativeAOT engine on linux-x64: minutes of one core on a busy machine.
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The engine file the package's targets run here: the NativeAOT executable on linux-x64, the portable dll elsewhere.</summary>
    public static string EngineFileName { get; } =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "modulo-perf" : "modulo-perf.dll";

    /// <summary>What the engine's command line holds while it runs <paramref name="command"/>, to find its process.</summary>
    public static string EngineCommandMarker(string command) => $"{EngineFileName} {command} ";

    public string Root { get; } = Directory.CreateTempSubdirectory("perfgate-e2e-").FullName;
    public string PackageVersion { get; } =
        $"0.0.0-test.{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.{Environment.ProcessId}";
    public ConsumerProject Consumer { get; private set; } = null!;

    /// <summary>The temporary feed holding the packed package, for tests that generate a consumer of their own.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>Held by the regression tests: the baseline they compare against is recorded once.</summary>
    public SemaphoreSlim BaselineLock { get; } = new(1, 1);
    public bool BaselineRecorded { get; set; }

    public async Task InitializeAsync()
    {
        var feed = Directory.CreateDirectory(Feed).FullName;
        var project = Path.Combine(RepositoryRoot.Path, "src", "Modulo.Perf.Build", "Modulo.Perf.Build.csproj");
        using (var pack = new DotnetCommand(["pack", project, "-c", "Release", $"-p:Version={PackageVersion}", "-o", feed], RepositoryRoot.Path))
        {
            var exitCode = await pack.WaitAsync(PackTimeout);
            Assert.True(exitCode == 0, $"dotnet pack failed ({exitCode}):\n{pack.Output}");
        }
        Consumer = ConsumerProject.Create(Root, feed, PackageVersion);
        using var restore = new DotnetCommand(["restore", Consumer.ProjectFile], Consumer.Directory,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Consumer.PackagesDirectory });
        var restoreExit = await restore.WaitAsync(PackTimeout);
        Assert.True(restoreExit == 0, $"restoring the consumer failed ({restoreExit}):\n{restore.Output}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The gate tests share one pack and one consumer project, and build it one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PackedGateCollection : ICollectionFixture<PackedGateFixture>
{
    public const string Name = "packed gate";
}
