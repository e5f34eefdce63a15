using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>A perfgate.json (and an output folder) in a fresh temporary directory, deleted when disposed.</summary>
public sealed class TempConfig : IDisposable
{
    public TempConfig(string json)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("modulo-perf-test-").FullName;
        Path = System.IO.Path.Combine(Directory, "perfgate.json");
        File.WriteAllText(Path, json);
    }

    public string Directory { get; }
    public string Path { get; }
    public string OutputDirectory => System.IO.Path.Combine(Directory, "out");

    /// <summary>Where a run of this config keeps its baseline when no <c>--baseline</c> is given.</summary>
    public string BaselinePath => BaselineLocation.Resolve(null, Path);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
