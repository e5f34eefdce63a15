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
    private readonly Options _options;
    private readonly string _description;

    public Uri BaseUrl { get; }

    public CounterAttachment Counters { get; }

    private LocalService(ChildProcess process, Uri baseUrl, Options options, string description)
    {
        _process = process;
        _options = options;
        _description = description;
        BaseUrl = baseUrl;
        // A shell's child may be the service, a wrapper (dotnet run), or several processes: attaching to the
        // wrong .NET process would report someone else's counters as the service's.
        Counters = !string.IsNullOrWhiteSpace(options.StartCommand)
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
        var service = Launch(options);
        try
        {
            service.WaitUntilHealthy(() => false, cancellation);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the service's process and returns at once, so the caller can start other work while it comes up; it
    /// is not ready until <see cref="WaitUntilHealthy"/> says so. Throws <see cref="GateSetupException"/> when it cannot start.
    /// </summary>
    public static LocalService Launch(Options options)
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
        try
        {
            var process = ChildProcess.Start(fileName, arguments, options.WorkingDirectory, environment, StopGrace, forwardLines: false);
            return new LocalService(process, baseUrl, options, description);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(DiagnosticCodes.ServiceFailedToStart, $"The service could not be started ({description}): {e.Message}");
        }
    }

    /// <summary>
    /// Waits until the health path answers 2xx (true), or <paramref name="stopWaiting"/> says the caller has no use
    /// for the service any more (false). Throws <see cref="GateSetupException"/> when it exits, never becomes
    /// healthy or lacks the path, and <see cref="OperationCanceledException"/> when cancelled; the caller disposes it.
    /// </summary>
    public bool WaitUntilHealthy(Func<bool> stopWaiting, CancellationToken cancellation)
    {
        var healthUrl = new Uri(BaseUrl, _options.HealthPath);
        var outcome = new HealthProbe(healthUrl, _options.StartTimeout)
            .WaitUntilHealthy(() => _process.HasExited || stopWaiting(), cancellation, out var lastAnswer);
        if (outcome == HealthProbe.Outcome.Healthy)
        {
            return true;
        }
        cancellation.ThrowIfCancellationRequested();
        if (outcome == HealthProbe.Outcome.ServiceExited && !_process.HasExited)
        {
            return false;
        }
        var output = _process.Tail.Format();
        if (outcome == HealthProbe.Outcome.PathNotMapped)
        {
            throw HealthProbe.PathNotMappedError(healthUrl, lastAnswer, output);
        }
        throw outcome == HealthProbe.Outcome.ServiceExited
            ? new GateSetupException(DiagnosticCodes.ServiceFailedToStart,
                $"The service ({_description}) exited with code {_process.ExitCode} before {healthUrl} answered. Its last output:{Environment.NewLine}{output}")
            : new GateSetupException(DiagnosticCodes.ServiceNeverHealthy,
                $"The service ({_description}) did not become healthy within {_options.StartTimeout.TotalSeconds:0.#} s: {healthUrl} last answered {lastAnswer}. Its last output:{Environment.NewLine}{output}");
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
