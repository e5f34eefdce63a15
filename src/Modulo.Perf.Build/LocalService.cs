using System.ComponentModel;

namespace Modulo.Perf.Build;

/// <summary>
/// The project's own app started on a free loopback port: <c>dotnet app.dll</c>, or the user's
/// <c>PerfGateStartCommand</c> through the shell. Ready once the health path answers 2xx.
/// </summary>
public sealed class LocalService : IGatedService
{
    /// <summary>ASP.NET Core shuts down within this on SIGTERM unless a request hangs; then the tree is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ChildProcess _process;

    public Uri BaseUrl { get; }

    public CounterAttachment Counters { get; }

    private LocalService(ChildProcess process, Uri baseUrl, bool startedThroughShell)
    {
        _process = process;
        BaseUrl = baseUrl;
        // A shell's child may be the service, a wrapper (dotnet run), or several processes: attaching to the
        // wrong .NET process would report someone else's counters as the service's.
        Counters = startedThroughShell
            ? CounterAttachment.None("PerfGateStartCommand starts the service through a shell, whose process is not necessarily the service")
            : CounterAttachment.To(process.Id);
    }

    public sealed record Options(
        string DotnetHostPath,
        string? ServiceAssembly,
        string? StartCommand,
        string WorkingDirectory,
        int Port,
        IReadOnlyDictionary<string, string> Environment,
        string HealthPath,
        TimeSpan StartTimeout);

    /// <summary>Starts the service and waits for its health; throws <see cref="GateSetupException"/> or, when cancelled, <see cref="OperationCanceledException"/>.</summary>
    public static LocalService Start(Options options, CancellationToken cancellation)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{options.Port}");
        var environment = new Dictionary<string, string>(options.Environment)
        {
            ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/'),
            // For start commands that take the address as an argument instead of from ASPNETCORE_URLS.
            ["PERFGATE_PORT"] = options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PERFGATE_BASE_URL"] = baseUrl.ToString().TrimEnd('/'),
        };
        var (fileName, arguments, description) = Command(options);
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(fileName, arguments, options.WorkingDirectory, environment, StopGrace, forwardLines: false);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(DiagnosticCodes.ServiceFailedToStart, $"The service could not be started ({description}): {e.Message}");
        }

        var healthUrl = new Uri(baseUrl, options.HealthPath);
        var outcome = new HealthProbe(healthUrl, options.StartTimeout)
            .WaitUntilHealthy(() => process.HasExited, cancellation, out var lastAnswer);
        if (outcome == HealthProbe.Outcome.Healthy)
        {
            return new LocalService(process, baseUrl, !string.IsNullOrWhiteSpace(options.StartCommand));
        }

        var exitCode = process.HasExited ? process.ExitCode : (int?)null;
        process.Dispose();
        cancellation.ThrowIfCancellationRequested();
        if (outcome == HealthProbe.Outcome.PathNotMapped)
        {
            throw HealthProbe.PathNotMappedError(healthUrl, lastAnswer, process.Tail.Format());
        }
        throw outcome == HealthProbe.Outcome.ServiceExited
            ? new GateSetupException(DiagnosticCodes.ServiceFailedToStart,
                $"The service ({description}) exited with code {exitCode} before {healthUrl} answered. Its last output:{Environment.NewLine}{process.Tail.Format()}")
            : new GateSetupException(DiagnosticCodes.ServiceNeverHealthy,
                $"The service ({description}) did not become healthy within {options.StartTimeout.TotalSeconds:0.#} s: {healthUrl} last answered {lastAnswer}. Its last output:{Environment.NewLine}{process.Tail.Format()}");
    }

    private static (string FileName, IReadOnlyList<string> Arguments, string Description) Command(Options options)
    {
        if (!string.IsNullOrWhiteSpace(options.StartCommand))
        {
            return OperatingSystem.IsWindows()
                ? ("cmd.exe", ["/d", "/c", options.StartCommand], options.StartCommand)
                : ("/bin/sh", ["-c", options.StartCommand], options.StartCommand);
        }
        if (string.IsNullOrEmpty(options.ServiceAssembly) || !File.Exists(options.ServiceAssembly))
        {
            throw new GateSetupException(DiagnosticCodes.ServiceFailedToStart,
                $"The service assembly '{options.ServiceAssembly}' does not exist. Build the project first, or set PerfGateStartCommand or PerfGateBaseUrl.");
        }
        return (options.DotnetHostPath, [options.ServiceAssembly], $"dotnet {Path.GetFileName(options.ServiceAssembly)}");
    }

    public void Dispose() => _process.Dispose();
}
