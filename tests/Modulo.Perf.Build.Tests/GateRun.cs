using Microsoft.Build.Logging.StructuredLogger;

namespace Modulo.Perf.Build.Tests;

/// <summary>One `dotnet build -t:PerfGate -bl` of the consumer, and what its binlog says.</summary>
public sealed class GateRun
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    public required int ExitCode { get; init; }
    public required string Output { get; init; }
    public required Microsoft.Build.Logging.StructuredLogger.Build Log { get; init; }

    public IReadOnlyList<Error> Errors => Log.FindChildrenRecursive<Error>();
    public IReadOnlyList<Warning> Warnings => Log.FindChildrenRecursive<Warning>();

    /// <summary>Errors and warnings with a PERF code.</summary>
    public IReadOnlyList<AbstractDiagnostic> PerfDiagnostics =>
        [.. Log.FindChildrenRecursive<AbstractDiagnostic>(d => d.Code?.StartsWith("PERF", StringComparison.Ordinal) == true)];

    /// <summary>Everything the build printed and logged, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\n{Output}";

    /// <summary>Arguments for `dotnet build -t:PerfGate` with a binlog and the given properties.</summary>
    public static List<string> Arguments(ConsumerProject consumer, string binlog, IEnumerable<string> extra) =>
        ["build", consumer.ProjectFile, "-t:PerfGate", $"-bl:{binlog}", "-nr:false", .. extra];

    public static Dictionary<string, string> Environment(ConsumerProject consumer) =>
        new() { ["NUGET_PACKAGES"] = consumer.PackagesDirectory };

    public static async Task<GateRun> RunAsync(ConsumerProject consumer, string name, params string[] extra)
    {
        var binlog = Path.Combine(consumer.Directory, $"{name}.binlog");
        using var build = new DotnetCommand(Arguments(consumer, binlog, extra), consumer.Directory, Environment(consumer));
        var exitCode = await build.WaitAsync(BuildTimeout);
        return Read(exitCode, build.Output, binlog);
    }

    public static GateRun Read(int exitCode, string output, string binlog) =>
        new() { ExitCode = exitCode, Output = output, Log = BinaryLog.ReadBuild(binlog) };
}
