using System.ComponentModel;
using System.Globalization;
using Microsoft.Build.Framework;

namespace Modulo.Perf.Build;

/// <summary>
/// The gate: brings up the service, runs the load engine against it in its own process (a minutes-long
/// load must not share MSBuild's process, GC and thread pool), stops everything it started, then logs
/// the engine's <c>results.json</c> as diagnostics. Never reads the engine's console for verdicts.
/// </summary>
public sealed class RunPerfGate : Microsoft.Build.Utilities.Task, ICancelableTask
{
    /// <summary>On SIGTERM the engine stops the load and writes results marked interrupted; give it a moment, then kill.</summary>
    private static readonly TimeSpan EngineStopGrace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _cancellation = new();

    [Required] public string ConfigFile { get; set; } = "";
    [Required] public string ReportDirectory { get; set; } = "";
    /// <summary>The engine inside the package: modulo-perf.dll, or on linux-x64 the native modulo-perf executable (<see cref="EngineCommand"/>).</summary>
    [Required] public string Engine { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string DotnetHostPath { get; set; } = "";
    /// <summary>The app to start: $(TargetPath), or the published dll after Publish.</summary>
    public string ServiceAssembly { get; set; } = "";
    /// <summary>The configuration <see cref="ServiceAssembly"/> was built in: PerfGateConfiguration, or Publish's.</summary>
    public string ServiceConfiguration { get; set; } = "";
    public string Profile { get; set; } = "";
    public string Vus { get; set; } = "";
    public string Duration { get; set; } = "";
    public string BaseUrl { get; set; } = "";
    public string HealthPath { get; set; } = "/health";
    public string StartTimeout { get; set; } = "60s";
    public string StartCommand { get; set; } = "";
    public string ServicePort { get; set; } = "";
    public string ComposeFile { get; set; } = "";
    public string Baseline { get; set; } = "";
    public bool UpdateBaseline { get; set; }
    public bool AllowFingerprintMismatch { get; set; }
    /// <summary>The gated target framework; with <see cref="ServiceConfiguration"/>, part of the baseline fingerprint.</summary>
    public string TargetFramework { get; set; } = "";
    /// <summary>PerfGateScenario / PerfGateSuite: ';'-separated names that replace the config's selection.</summary>
    public string Scenarios { get; set; } = "";
    public string Suites { get; set; } = "";
    /// <summary>Also record ASP.NET Core's meters when the engine attaches to the service (<c>--service-meters</c>).</summary>
    public bool ServiceMeters { get; set; }
    /// <summary>
    /// PerfGateServiceDiagnosticPort: a socket path (relative to the project) the engine listens on and a service
    /// in a container (or one PerfGateBaseUrl names) connects to with <c>DOTNET_DiagnosticPorts</c>, for its counters.
    /// </summary>
    public string ServiceDiagnosticPort { get; set; } = "";
    public string ServiceEnvironment { get; set; } = "";
    /// <summary>
    /// PerfGateMergeFrom: the output directories of a segmented test's instances. When set, the gate starts no
    /// service and drives no load: it merges their partial results and reports the merged verdict.
    /// </summary>
    public string MergeFrom { get; set; } = "";
    /// <summary>PerfGateCompareWith: a git ref to measure against in interleaved rounds instead of the baseline file.</summary>
    public string CompareWith { get; set; } = "";
    /// <summary>PerfGateCompareRounds / PerfGateCompareRoundDuration: the comparison's rounds per side and their length.</summary>
    public string CompareRounds { get; set; } = "";
    public string CompareRoundDuration { get; set; } = "";
    /// <summary>The project file the base is built from (in <see cref="ServiceConfiguration"/>), and the obj/ folder its worktree goes in.</summary>
    public string ProjectFile { get; set; } = "";
    public string IntermediateDirectory { get; set; } = "";

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        using var termination = TerminationGuard.Enter(Cancel);
        var configFile = Path.GetFullPath(ConfigFile, ProjectDirectory);
        if (!File.Exists(configFile))
        {
            Log.LogError(null, DiagnosticCodes.ConfigFileMissing, null, null, 0, 0, 0, 0,
                $"The perf gate configuration {configFile} does not exist. Add a perfgate.json next to the project or set PerfGateConfig. "
                + "To start from the app's OpenAPI document (app.MapOpenApi()), run the app and then: "
                + $"{EngineCommand.Display(Engine)} init --from-openapi http://127.0.0.1:5000/openapi/v1.json --output \"{configFile}\" "
                + "(the document's URL, or a file; docs/configuration.md).");
            return false;
        }
        if (!TryReadSettings(out var settings))
        {
            return false;
        }

        WarnWhenMeasuringDebug();

        // Not created here: the engine creates it when it writes, so a service that never starts leaves no empty
        // directory behind.
        var reportDirectory = Path.GetFullPath(ReportDirectory, ProjectDirectory);
        var resultsFile = Path.Combine(reportDirectory, "results.json");
        // A results.json left by an earlier run must not pass for this run's verdict.
        if (File.Exists(resultsFile))
        {
            File.Delete(resultsFile);
        }
        var mergeFrom = MergeFrom.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (mergeFrom.Length > 0 && !CheckMergeProperties())
        {
            return false;
        }

        int? engineExitCode;
        string engineTail;
        try
        {
            if (mergeFrom.Length > 0)
            {
                Log.LogMessage(MessageImportance.High, $"PerfGate: merging the partial results of {mergeFrom.Length} segments");
                var merge = new MergeArguments([.. mergeFrom.Select(d => Path.GetFullPath(d, ProjectDirectory))], configFile, reportDirectory)
                {
                    Baseline = Baseline,
                    UpdateBaseline = UpdateBaseline,
                    AllowFingerprintMismatch = AllowFingerprintMismatch,
                };
                (engineExitCode, engineTail) = RunEngine(merge.ToList());
            }
            else if (CompareWith.Length > 0)
            {
                (engineExitCode, engineTail) = RunComparison(configFile, settings, reportDirectory);
            }
            else
            {
                using (var service = StartService(settings))
                {
                    Log.LogMessage(MessageImportance.High, $"PerfGate: running the load against {service.BaseUrl}");
                    if (service.Counters.Unavailable is { } unavailable)
                    {
                        Log.LogMessage(MessageImportance.High, $"PerfGate: the service's runtime counters (service_* metrics) are not recorded: {unavailable}.");
                    }
                    (engineExitCode, engineTail) = RunEngine(RunArguments(configFile, service.BaseUrl, reportDirectory, compareBaseUrl: null, service.Counters));
                }
                // Detailed verbosity only: bench/gate-overhead.sh reads the teardown's phases from these lines' times.
                Log.LogMessage(MessageImportance.Low, "PerfGate: the service stopped");
            }
        }
        catch (GateSetupException e)
        {
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, e.Message);
            return false;
        }
        catch (OperationCanceledException) when (termination.Terminated)
        {
            // Not a cancellation MSBuild knows of: without an error, the failed task would be MSB4181.
            Log.LogError(null, DiagnosticCodes.EngineInterrupted, null, null, 0, 0, 0, 0,
                "The build was terminated (SIGTERM) while the gate ran: everything it started was stopped, and nothing was judged.");
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.LogMessage(MessageImportance.High, "PerfGate: cancelled; the service and the engine were stopped.");
            return false;
        }
        if (engineExitCode is null)
        {
            return false;
        }

        ReportVerdict(engineExitCode.Value, engineTail, resultsFile);
        StepSummary.Append(Path.Combine(reportDirectory, "performance-report.md"), Log);
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Debug code is unoptimised and its numbers say little about production, and a baseline recorded from it
    /// is compared with Release runs later. Only the app the gate starts counts: an external or composed
    /// service was built elsewhere.
    /// </summary>
    private void WarnWhenMeasuringDebug()
    {
        if (BaseUrl.Length == 0 && ComposeFile.Length == 0 && ServiceConfiguration.Equals("Debug", StringComparison.OrdinalIgnoreCase))
        {
            Log.LogWarning(null, DiagnosticCodes.MeasuringDebugBuild, null, null, 0, 0, 0, 0,
                "The gate is measuring a Debug build (PerfGateConfiguration=Debug): unoptimised code, whose latencies say little about production. Remove the setting to measure Release.");
        }
    }

    private sealed record Settings(TimeSpan StartTimeout, IReadOnlyDictionary<string, string> Environment, int? Port, Uri? BaseUrl);

    private bool TryReadSettings(out Settings settings)
    {
        settings = new Settings(default, new Dictionary<string, string>(), null, null);
        if (!GateDuration.TryParse(StartTimeout, out var startTimeout))
        {
            return InvalidProperty("PerfGateStartTimeout", StartTimeout, "a duration such as 60s, 2m or 500ms");
        }
        var environment = Build.ServiceEnvironment.Parse(ServiceEnvironment, out var invalidEntry);
        if (invalidEntry is not null)
        {
            return InvalidProperty("PerfGateServiceEnvironment", invalidEntry, "KEY=VALUE entries separated by ';'");
        }
        int? port = null;
        if (ServicePort.Length > 0)
        {
            if (!int.TryParse(ServicePort, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                return InvalidProperty("PerfGateServicePort", ServicePort, "a TCP port number");
            }
            port = parsed;
        }
        Uri? baseUrl = null;
        if (BaseUrl.Length > 0 && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out baseUrl))
        {
            return InvalidProperty("PerfGateBaseUrl", BaseUrl, "an absolute URL such as http://127.0.0.1:5000");
        }
        if (ServiceDiagnosticPort.Length > 0 && ComposeFile.Length == 0 && baseUrl is null)
        {
            Log.LogError(null, DiagnosticCodes.InvalidGateProperty, null, null, 0, 0, 0, 0,
                "PerfGateServiceDiagnosticPort is for a service the gate reaches by a socket (PerfGateComposeFile or PerfGateBaseUrl); the service the gate starts itself is attached by its process id.");
            return false;
        }
        if (ComposeFile.Length > 0 && baseUrl is null && port is null && CompareWith.Length == 0)
        {
            Log.LogError(null, DiagnosticCodes.InvalidGateProperty, null, null, 0, 0, 0, 0,
                "PerfGateComposeFile is set but neither PerfGateBaseUrl nor PerfGateServicePort says where the composed service listens.");
            return false;
        }
        settings = new Settings(startTimeout, environment, port, baseUrl);
        return true;
    }

    private bool InvalidProperty(string property, string value, string expected)
    {
        Log.LogError(null, DiagnosticCodes.InvalidGateProperty, null, null, 0, 0, 0, 0,
            $"{property} '{value}' is not {expected}.");
        return false;
    }

    private IGatedService StartService(Settings settings)
    {
        if (ComposeFile.Length > 0)
        {
            var composeFile = Path.GetFullPath(ComposeFile, ProjectDirectory);
            var baseUrl = settings.BaseUrl ?? new Uri($"http://127.0.0.1:{settings.Port}");
            Log.LogMessage(MessageImportance.High, $"PerfGate: docker compose -f {composeFile} up -d --build");
            var project = new ComposeService.Project(composeFile, null,
                ComposeService.Project.Variables(settings.Environment, "head", baseUrl.Port), RemoveVolumes: false);
            return ComposeService.Start(project, ProjectDirectory, baseUrl, DiagnosticPortPath(), HealthPath, settings.StartTimeout,
                line => Log.LogMessage(MessageImportance.Normal, line), _cancellation.Token);
        }
        if (settings.BaseUrl is not null)
        {
            return new ExternalService(settings.BaseUrl, DiagnosticPortPath());
        }
        return StartLocal(settings, ServiceAssembly, ProjectDirectory, settings.Port ?? FreePort.Pick(), "head");
    }

    /// <summary>The diagnostic port's full path, its directory created (as the build's user, before docker would as root).</summary>
    private string? DiagnosticPortPath()
    {
        if (ServiceDiagnosticPort.Length == 0)
        {
            return null;
        }
        var path = Path.GetFullPath(ServiceDiagnosticPort, ProjectDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private LocalService StartLocal(Settings settings, string serviceAssembly, string workingDirectory, int port, string role)
    {
        var options = new LocalService.Options(
            DotnetHost(), serviceAssembly, StartCommand, workingDirectory, port,
            Build.ServiceEnvironment.ForRole(settings.Environment, role), HealthPath, settings.StartTimeout);
        var what = StartCommand.Length > 0 ? StartCommand : serviceAssembly;
        Log.LogMessage(MessageImportance.High, $"PerfGate: starting the {role} service {what} on port {options.Port} and waiting for {HealthPath}");
        return LocalService.Start(options, _cancellation.Token);
    }

    /// <summary>
    /// PerfGateCompareWith: the base ref checked out in a worktree under obj/ and built like this project, both
    /// builds started on their own free ports (in compose mode, each side's stack as its own compose project), and
    /// the engine's interleaved comparison run against them. The services stop and the worktree goes on every path
    /// out, in that order (using, innermost first).
    /// </summary>
    private (int? ExitCode, string Tail) RunComparison(string configFile, Settings settings, string reportDirectory)
    {
        if (settings.BaseUrl is not null)
        {
            throw new GateSetupException(DiagnosticCodes.CompareSetupFailed,
                "PerfGateCompareWith starts both builds itself: it cannot be combined with PerfGateBaseUrl (a service the gate does not start).");
        }
        if (settings.Port is not null)
        {
            Log.LogMessage(MessageImportance.High, "PerfGate: PerfGateServicePort is not used when comparing: each build gets its own free port.");
        }
        var token = _cancellation.Token;
        using var worktree = BaseWorktree.Create(ProjectDirectory, CompareWith, IntermediateDirectory, LogHigh, token);
        var baseProject = worktree.Map(Path.GetFullPath(ProjectFile, ProjectDirectory));
        // Also in compose mode, so that a Dockerfile that copies the build output finds the base's, as the head's.
        var baseAssembly = BaseBuild.Build(DotnetHost(), baseProject, ServiceConfiguration, TargetFramework, LogHigh, token);
        // Each build runs in its own project folder, so it reads its own appsettings and content.
        using IGatedService baseService = ComposeFile.Length > 0
            ? StartComposeSide(settings, worktree, "base")
            : StartLocal(settings, baseAssembly, Path.GetDirectoryName(baseProject)!, FreePort.Pick(), "base");
        using IGatedService headService = ComposeFile.Length > 0
            ? StartComposeSide(settings, worktree: null, "head")
            : StartLocal(settings, ServiceAssembly, ProjectDirectory, FreePort.Pick(), "head");
        Log.LogMessage(MessageImportance.High, $"PerfGate: comparing head {headService.BaseUrl} with base {CompareWith} at {baseService.BaseUrl} in interleaved rounds");
        if ((baseService.Counters.Unavailable ?? headService.Counters.Unavailable) is { } unavailable)
        {
            Log.LogMessage(MessageImportance.High, $"PerfGate: the services' CPU and allocation per request are not compared: {unavailable}.");
        }
        return RunEngine(RunArguments(configFile, headService.BaseUrl, reportDirectory, baseService.BaseUrl, headService.Counters, baseService.Counters));
    }

    /// <summary>
    /// One side's stack in compose mode: the base's from the worktree's copy of the compose file, whose relative
    /// volumes (a diagnostic port's folder too) resolve in the worktree.
    /// </summary>
    private ComposeService StartComposeSide(Settings settings, BaseWorktree? worktree, string role)
    {
        var composeFile = Path.GetFullPath(ComposeFile, ProjectDirectory);
        var diagnosticPort = DiagnosticPortPath();
        if (worktree is not null)
        {
            if (!worktree.HasCopyOf(composeFile))
            {
                throw new GateSetupException(DiagnosticCodes.CompareSetupFailed,
                    $"PerfGateComposeFile {composeFile} is outside the repository, so the base commit has no compose file of its own. Keep the compose file (and what it builds) in the repository.");
            }
            composeFile = worktree.Map(composeFile);
            if (diagnosticPort is not null && !worktree.HasCopyOf(diagnosticPort))
            {
                LogHigh($"PerfGate: PerfGateServiceDiagnosticPort {diagnosticPort} is outside the repository, so the base's stack has no folder of its own for it.");
                diagnosticPort = null;
            }
            else if (diagnosticPort is not null)
            {
                diagnosticPort = worktree.Map(diagnosticPort);
                Directory.CreateDirectory(Path.GetDirectoryName(diagnosticPort)!);
            }
        }
        var options = new ComparedComposeStack.Options(composeFile, worktree?.Map(ProjectDirectory) ?? ProjectDirectory, ProjectFile, role,
            settings.Environment, diagnosticPort, HealthPath, settings.StartTimeout);
        return ComparedComposeStack.Start(options, LogHigh, _cancellation.Token);
    }

    private void LogHigh(string line) => Log.LogMessage(MessageImportance.High, line);

    /// <summary>
    /// The engine's command line for a run against <paramref name="baseUrl"/> (attached to the service as
    /// <paramref name="counters"/> says, for its runtime counters), or a comparison with <paramref name="compareBaseUrl"/>
    /// (whose service's counters are reached as <paramref name="compareBaseCounters"/> says).
    /// </summary>
    private IReadOnlyList<string> RunArguments(
        string configFile, Uri baseUrl, string reportDirectory, Uri? compareBaseUrl, CounterAttachment? counters = null, CounterAttachment? compareBaseCounters = null) =>
        new EngineArguments(configFile, baseUrl, reportDirectory)
        {
            CompareBaseUrl = compareBaseUrl,
            CompareBaseServicePid = compareBaseCounters?.ProcessId,
            CompareBaseServiceDiagnosticPort = compareBaseCounters?.DiagnosticPort,
            Profile = Profile,
            Vus = Vus,
            Duration = Duration,
            CompareRounds = CompareRounds,
            CompareRoundDuration = CompareRoundDuration,
            Baseline = Baseline,
            UpdateBaseline = UpdateBaseline,
            AllowFingerprintMismatch = AllowFingerprintMismatch,
            BuildConfiguration = ServiceConfiguration,
            TargetFramework = TargetFramework,
            Scenarios = Scenarios,
            Suites = Suites,
            ServicePid = counters?.ProcessId,
            ServiceDiagnosticPort = counters?.DiagnosticPort,
            ServiceMeters = ServiceMeters,
        }.ToList();

    // A merge judges load that already ran: a property that shapes or aims the load would be silently ignored,
    // so it is an error rather than a surprise.
    private bool CheckMergeProperties()
    {
        var loadProperties = new (string Name, string Value)[]
        {
            ("PerfGateProfile", Profile), ("PerfGateVus", Vus), ("PerfGateDuration", Duration), ("PerfGateBaseUrl", BaseUrl),
            ("PerfGateStartCommand", StartCommand), ("PerfGateServicePort", ServicePort), ("PerfGateComposeFile", ComposeFile),
        };
        foreach (var (name, value) in loadProperties.Where(p => p.Value.Length > 0))
        {
            Log.LogError(null, DiagnosticCodes.MergeWithLoadProperty, null, null, 0, 0, 0, 0,
                $"{name} is set together with PerfGateMergeFrom: a merge judges load that already ran, so {name} would have no effect. Pass it to the segments' runs instead.");
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Runs the engine to its end, logging its lines as they come; null exit code when cancelled.</summary>
    private (int? ExitCode, string Tail) RunEngine(IReadOnlyList<string> arguments)
    {
        var (fileName, commandLine) = EngineCommand.For(Engine, DotnetHost(), arguments);
        ChildProcess engine;
        try
        {
            engine = ChildProcess.Start(fileName, commandLine, ProjectDirectory,
                new Dictionary<string, string>(), EngineStopGrace, forwardLines: true);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(DiagnosticCodes.EngineFailed, $"The load engine could not be started: {e.Message}");
        }
        using (engine)
        {
            var finished = engine.RunToExit(line => Log.LogMessage(MessageImportance.High, line), _cancellation.Token);
            if (!finished)
            {
                throw new OperationCanceledException();
            }
            Log.LogMessage(MessageImportance.Low, $"PerfGate: the load engine exited with code {engine.ExitCode}");
            return (engine.ExitCode, engine.Tail.Format());
        }
    }

    private void ReportVerdict(int exitCode, string engineTail, string resultsFile)
    {
        if (exitCode is not ((>= EngineExitCodes.Pass and <= EngineExitCodes.InternalError) or EngineExitCodes.Interrupted or EngineExitCodes.Terminated))
        {
            Log.LogError(null, DiagnosticCodes.EngineFailed, null, null, 0, 0, 0, 0,
                $"The load engine crashed with exit code {exitCode}. Its last output:{Environment.NewLine}{engineTail}");
            return;
        }
        var results = GateResults.Load(resultsFile, out var problem);
        if (results is null)
        {
            // Arguments the engine's parser rejects, a failure to write the reports, or a second signal end it
            // without results; its output is then the only explanation.
            var (code, what) = exitCode switch
            {
                EngineExitCodes.InvalidConfiguration => (DiagnosticCodes.InvalidConfiguration, "rejected its arguments"),
                EngineExitCodes.InternalError => (DiagnosticCodes.EngineInternalError, "failed with an internal error"),
                EngineExitCodes.Interrupted or EngineExitCodes.Terminated => (DiagnosticCodes.EngineInterrupted, "was interrupted by a signal"),
                _ => (DiagnosticCodes.ResultsUnusable, $"left no usable verdict ({problem})"),
            };
            Log.LogError(null, code, null, null, 0, 0, 0, 0,
                $"The load engine {what} (exit code {exitCode}). Its last output:{Environment.NewLine}{engineTail}");
            return;
        }
        ResultsDiagnostics.Log(results, Baseline, Log);
        // These exit codes fail the gate even if results.json, against its contract, explains nothing.
        if (exitCode is not (EngineExitCodes.Pass or EngineExitCodes.Regression) && !Log.HasLoggedErrors)
        {
            Log.LogError(null, DiagnosticCodes.ResultsUnusable, null, resultsFile, 0, 0, 0, 0,
                $"The load engine failed the run (exit code {exitCode}, verdict '{results.Verdict}') but results.json names no failed threshold or error.");
        }
    }

    /// <summary>The dotnet that runs this build (DOTNET_HOST_PATH is set by the SDK), so the app and engine get the same runtime.</summary>
    private string DotnetHost() => DotnetHostPath.Length > 0 ? DotnetHostPath : "dotnet";
}
