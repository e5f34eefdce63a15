using System.Text;

namespace Modulo.Perf.Build;

/// <summary>
/// One side of <c>PerfGateCompareWith</c> in compose mode: that side's compose file (the base's is the copy in the
/// base worktree, so its relative build contexts and volumes are the base's) brought up as its own compose
/// project, <c>NAME-perf-base</c> or <c>NAME-perf-head</c>, so the two stacks share no container, network, volume or
/// image. Each is published on its own free port, which its file reads as <c>${PERFGATE_PORT}</c>.
/// </summary>
public static class ComparedComposeStack
{
    public sealed record Options(
        string ComposeFile,
        string WorkingDirectory,
        string ProjectFile,
        string Role,
        IReadOnlyDictionary<string, string> ServiceEnvironment,
        string? DiagnosticPort,
        string HealthPath,
        TimeSpan StartTimeout);

    /// <summary>Brings the side up and waits for its health; <c>down -v</c> on dispose, since each comparison starts both from the same state.</summary>
    public static ComposeService Start(Options options, Action<string> log, CancellationToken cancellation)
    {
        if (!File.Exists(options.ComposeFile))
        {
            throw new GateSetupException(DiagnosticCodes.CompareSetupFailed,
                $"The {options.Role} has no compose file at {options.ComposeFile}: it did not exist at that commit, or was moved. Compare with a later base.");
        }
        var port = FreePort.Pick();
        var name = ProjectName(options.ProjectFile, options.Role);
        log($"PerfGate: starting the {options.Role} stack: docker compose -f {options.ComposeFile} -p {name} up -d --build, PERFGATE_PORT={port}");
        var project = new ComposeService.Project(options.ComposeFile, name,
            ComposeService.Project.Variables(options.ServiceEnvironment, options.Role, port), RemoveVolumes: true);
        return ComposeService.Start(project, options.WorkingDirectory, new Uri($"http://127.0.0.1:{port}"), options.DiagnosticPort,
            options.HealthPath, options.StartTimeout, log, cancellation);
    }

    /// <summary>
    /// The project's file name, lowercased, with every character compose does not allow in a project name (it takes
    /// lowercase letters, digits, '-' and '_', starting with a letter or digit) made a '-', then <c>-perf-ROLE</c>.
    /// </summary>
    public static string ProjectName(string projectFile, string role)
    {
        var name = new StringBuilder();
        foreach (var c in Path.GetFileNameWithoutExtension(projectFile).ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '-');
        }
        var start = name.ToString().TrimStart('-', '_');
        return $"{(start.Length > 0 ? start : "service")}-perf-{role}";
    }
}
