using System.ComponentModel;

namespace Modulo.Perf.Build;

/// <summary>
/// Services brought up with <c>docker compose -f FILE [-p NAME] up -d --build</c> and taken down with
/// <c>docker compose -f FILE [-p NAME] down [-v] -t 1</c> (one second: a PID 1 that ignores SIGTERM would hold it for ten).
/// </summary>
public sealed class ComposeService : IGatedService
{
    private static readonly TimeSpan CommandStopGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One compose project: its file, its name (null: compose's default, the file's folder), the variables docker compose
    /// runs with (its file interpolates them, such as <c>${PERFGATE_PORT}</c>), and whether <c>down</c> also removes its volumes.
    /// </summary>
    public sealed record Project(string File, string? Name, IReadOnlyDictionary<string, string> Environment, bool RemoveVolumes)
    {
        /// <summary>
        /// The variables for a stack the gate loads on host port <paramref name="port"/> as <paramref name="role"/>:
        /// PerfGateServiceEnvironment with <c>{role}</c> replaced, <c>PERFGATE_PORT</c> (the port its file should publish)
        /// and <c>PERFGATE_ROLE</c> (<c>base</c> or <c>head</c>), so one file serves a single run and both sides of a comparison.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Variables(IReadOnlyDictionary<string, string> serviceEnvironment, string role, int port) =>
            new Dictionary<string, string>(ServiceEnvironment.ForRole(serviceEnvironment, role), StringComparer.Ordinal)
            {
                ["PERFGATE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PERFGATE_ROLE"] = role,
            };
    }

    private readonly Project _project;
    private readonly string _workingDirectory;
    private readonly Action<string> _log;

    public Uri BaseUrl { get; }

    // The service's process lives in the container's namespace: reachable only through a diagnostic port socket
    // on a shared volume (PerfGateServiceDiagnosticPort, docs/msbuild.md).
    public CounterAttachment Counters { get; }

    private ComposeService(Project project, string workingDirectory, Uri baseUrl, string? diagnosticPort, Action<string> log)
    {
        Counters = diagnosticPort is null
            ? CounterAttachment.None("the service runs in a container, whose .NET diagnostics port the engine cannot reach by process id; set PerfGateServiceDiagnosticPort to a socket shared with it (docs/msbuild.md)")
            : CounterAttachment.ThroughPort(diagnosticPort);
        _project = project;
        _workingDirectory = workingDirectory;
        BaseUrl = baseUrl;
        _log = log;
    }

    /// <param name="log">Receives docker's output lines, on the calling thread.</param>
    public static ComposeService Start(
        Project project, string workingDirectory, Uri baseUrl, string? diagnosticPort, string healthPath, TimeSpan startTimeout,
        Action<string> log, CancellationToken cancellation)
    {
        var service = new ComposeService(project, workingDirectory, baseUrl, diagnosticPort, log);
        try
        {
            var (exitCode, output) = service.Compose(["up", "-d", "--build"], cancellation);
            cancellation.ThrowIfCancellationRequested();
            if (exitCode != 0)
            {
                throw new GateSetupException(DiagnosticCodes.ComposeFailed,
                    $"'docker compose {string.Join(' ', service.ProjectArguments())} up -d --build' failed with exit code {exitCode}:{Environment.NewLine}{output}");
            }
            var healthUrl = new Uri(baseUrl, healthPath);
            var outcome = new HealthProbe(healthUrl, startTimeout).WaitUntilHealthy(() => false, cancellation, out var lastAnswer);
            cancellation.ThrowIfCancellationRequested();
            if (outcome != HealthProbe.Outcome.Healthy)
            {
                var (_, logs) = service.Compose(["logs", "--no-color", "--tail", "20"], CancellationToken.None);
                throw outcome == HealthProbe.Outcome.PathNotMapped
                    ? HealthProbe.PathNotMappedError(healthUrl, lastAnswer, logs)
                    : new GateSetupException(DiagnosticCodes.ServiceNeverHealthy,
                    $"The composed services did not become healthy within {startTimeout.TotalSeconds:0.#} s: {healthUrl} last answered {lastAnswer}. Their last output:{Environment.NewLine}{logs}");
            }
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Runs one docker compose command to its end; a cancelled command is stopped and reported as exit code -1.</summary>
    private (int ExitCode, string Output) Compose(IEnumerable<string> arguments, CancellationToken cancellation)
    {
        ChildProcess process;
        try
        {
            process = ChildProcess.Start("docker", ["compose", .. ProjectArguments(), .. arguments], _workingDirectory,
                _project.Environment, CommandStopGrace, forwardLines: true);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(DiagnosticCodes.ComposeFailed, $"docker could not be started: {e.Message}");
        }
        using (process)
        {
            var finished = process.RunToExit(_log, cancellation);
            return (finished ? process.ExitCode : -1, process.Tail.Format());
        }
    }

    private IEnumerable<string> ProjectArguments() =>
        _project.Name is null ? ["-f", _project.File] : ["-f", _project.File, "-p", _project.Name];

    public void Dispose()
    {
        // Always attempted, also after a failed or cancelled 'up': it removes whatever was created.
        try
        {
            var (exitCode, output) = Compose(_project.RemoveVolumes ? ["down", "-v", "-t", "1"] : ["down", "-t", "1"], CancellationToken.None);
            if (exitCode != 0)
            {
                _log($"'docker compose down' failed with exit code {exitCode}:{Environment.NewLine}{output}");
            }
        }
        catch (GateSetupException e)
        {
            _log(e.Message);
        }
    }
}
