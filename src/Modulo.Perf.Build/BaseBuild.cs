namespace Modulo.Perf.Build;

/// <summary>
/// Builds the project as it was at the base commit, in the base worktree, in the head's configuration (and
/// target framework), and finds the app it produced. A base that does not compile is PERF9016 with the
/// compiler's first error, so a broken base is told apart from a broken gate.
/// </summary>
public static class BaseBuild
{
    public static string Build(string dotnetHost, string projectFile, string configuration, string targetFramework, Action<string> log, CancellationToken cancellation)
    {
        if (!File.Exists(projectFile))
        {
            throw new GateSetupException(DiagnosticCodes.CompareSetupFailed,
                $"The base commit has no {Path.GetFileName(projectFile)} at {projectFile}: the project did not exist there yet, or was moved. Compare with a later base.");
        }
        List<string> properties = [$"-p:Configuration={configuration}", "-p:PerfGateCompareWith="];
        if (targetFramework.Length > 0)
        {
            properties.Add($"-p:TargetFramework={targetFramework}");
        }
        var directory = Path.GetDirectoryName(projectFile)!;
        log($"PerfGate: building the base: dotnet build {projectFile} -c {configuration}");
        var build = ToolCommand.Run(dotnetHost, ["build", projectFile, "-nologo", "-nodeReuse:false", "-clp:NoSummary", .. properties], directory, DiagnosticCodes.CompareSetupFailed, cancellation);
        if (build.ExitCode != 0)
        {
            var firstError = build.Lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal))?.Trim()
                ?? $"exit code {build.ExitCode}; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, build.Lines.TakeLast(20))}";
            throw new GateSetupException(DiagnosticCodes.BaseBuildFailed, $"The base ({projectFile}) does not build: {firstError}");
        }
        var targetPath = ToolCommand.Run(dotnetHost, ["msbuild", projectFile, "-nologo", "-getProperty:TargetPath", .. properties], directory, DiagnosticCodes.CompareSetupFailed, cancellation);
        var assembly = targetPath.Lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        if (targetPath.ExitCode != 0 || !File.Exists(assembly))
        {
            throw new GateSetupException(DiagnosticCodes.CompareSetupFailed,
                $"The base built, but its app could not be found (TargetPath '{assembly}'):{Environment.NewLine}{targetPath.Output}");
        }
        return assembly;
    }
}
