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
    /// <summary>The engine writes its results on SIGTERM-free exits only; give it a moment, then kill.</summary>
    private static readonly TimeSpan EngineStopGrace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _cancellation = new();

    [Required] public string ConfigFile { get; set; } = "";
    [Required] public string ReportDirectory { get; set; } = "";
    /// <summary>modulo-perf.dll inside the package.</summary>
    [Required] public string EngineAssembly { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string DotnetHostPath { get; set; } = "";
    /// <summary>The app to start: $(TargetPath), or the published dll after Publish.</summary>
    public string ServiceAssembly { get; set; } = "";
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

    /// <summary>Also record ASP.NET Core's meters when the engine attaches to the service (<c>--service-meters</c>).</summary>
    public bool ServiceMeters { get; set; }
    public string ServiceEnvironment { get; set; } = "";

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        var configFile = Path.GetFullPath(ConfigFile, ProjectDirectory);
        if (!File.Exists(configFile))
        {
            Log.LogError(null, DiagnosticCodes.ConfigFileMissing, null, null, 0, 0, 0, 0,
                $"The perf gate configuration {configFile} does not exist. Add a perfgate.json next to the project or set PerfGateConfig.");
            return false;
        }
        if (!TryReadSettings(out var settings))
        {
            return false;
        }

        var reportDirectory = Path.GetFullPath(ReportDirectory, ProjectDirectory);
        Directory.CreateDirectory(reportDirectory);
        var resultsFile = Path.Combine(reportDirectory, "results.json");
        // A results.json left by an earlier run must not pass for this run's verdict.
        File.Delete(resultsFile);

        int? engineExitCode;
        string engineTail;
        try
        {
            using var service = StartService(settings);
            Log.LogMessage(MessageImportance.High, $"PerfGate: running the load against {service.BaseUrl}");
            if (service.Counters.Unavailable is { } unavailable)
            {
                Log.LogMessage(MessageImportance.High, $"PerfGate: the service's runtime counters (service_* metrics) are not recorded: {unavailable}.");
            }
            (engineExitCode, engineTail) = RunEngine(configFile, service.BaseUrl, service.Counters.ProcessId, reportDirectory);
        }
        catch (GateSetupException e)
        {
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, e.Message);
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
        if (ComposeFile.Length > 0 && baseUrl is null && port is null)
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
            return ComposeService.Start(composeFile, ProjectDirectory, baseUrl, HealthPath, settings.StartTimeout,
                line => Log.LogMessage(MessageImportance.Normal, line), _cancellation.Token);
        }
        if (settings.BaseUrl is not null)
        {
            return new ExternalService(settings.BaseUrl);
        }
        var options = new LocalService.Options(
            DotnetHost(), ServiceAssembly, StartCommand, ProjectDirectory, settings.Port ?? FreePort.Pick(),
            settings.Environment, HealthPath, settings.StartTimeout);
        Log.LogMessage(MessageImportance.High, $"PerfGate: starting the service on port {options.Port} and waiting for {HealthPath}");
        return LocalService.Start(options, _cancellation.Token);
    }

    /// <summary>Runs the engine to its end, logging its lines as they come; null exit code when cancelled.</summary>
    private (int? ExitCode, string Tail) RunEngine(string configFile, Uri baseUrl, int? servicePid, string reportDirectory)
    {
        var arguments = new EngineArguments(configFile, baseUrl, reportDirectory)
        {
            Profile = Profile,
            Vus = Vus,
            Duration = Duration,
            Baseline = Baseline,
            UpdateBaseline = UpdateBaseline,
            ServicePid = servicePid,
            ServiceMeters = ServiceMeters,
        }.ToList();
        ChildProcess engine;
        try
        {
            engine = ChildProcess.Start(DotnetHost(), [EngineAssembly, .. arguments], ProjectDirectory,
                new Dictionary<string, string>(), EngineStopGrace, forwardLines: true);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(DiagnosticCodes.EngineFailed, $"The load engine could not be started: {e.Message}");
        }
        using (engine)
        {
            var finished = engine.RunToExit(line => Log.LogMessage(MessageImportance.High, line), _cancellation.Token);
            return finished ? (engine.ExitCode, engine.Tail.Format()) : throw new OperationCanceledException();
        }
    }

    private void ReportVerdict(int exitCode, string engineTail, string resultsFile)
    {
        if (exitCode is < EngineExitCodes.Pass or > EngineExitCodes.TargetUnreachable)
        {
            Log.LogError(null, DiagnosticCodes.EngineFailed, null, null, 0, 0, 0, 0,
                $"The load engine crashed with exit code {exitCode}. Its last output:{Environment.NewLine}{engineTail}");
            return;
        }
        var results = GateResults.Load(resultsFile, out var problem);
        if (results is null && exitCode == EngineExitCodes.InvalidConfiguration)
        {
            // Arguments the engine's parser rejects end it before it writes any results.
            Log.LogError(null, DiagnosticCodes.InvalidConfiguration, null, null, 0, 0, 0, 0,
                $"The load engine rejected its arguments (exit code {exitCode}). Its last output:{Environment.NewLine}{engineTail}");
            return;
        }
        if (results is null)
        {
            Log.LogError(null, DiagnosticCodes.ResultsUnusable, null, null, 0, 0, 0, 0,
                $"The load engine exited with code {exitCode} but its verdict is unusable: {problem}. Its last output:{Environment.NewLine}{engineTail}");
            return;
        }
        ResultsDiagnostics.Log(results, Baseline, Log);
        // These exit codes fail the gate even if results.json, against its contract, explains nothing.
        if (exitCode is EngineExitCodes.SloViolation or EngineExitCodes.InvalidConfiguration or EngineExitCodes.TargetUnreachable
            && !Log.HasLoggedErrors)
        {
            Log.LogError(null, DiagnosticCodes.ResultsUnusable, null, resultsFile, 0, 0, 0, 0,
                $"The load engine failed the run (exit code {exitCode}, verdict '{results.Verdict}') but results.json names no failed threshold or error.");
        }
    }

    /// <summary>The dotnet that runs this build (DOTNET_HOST_PATH is set by the SDK), so the app and engine get the same runtime.</summary>
    private string DotnetHost() => DotnetHostPath.Length > 0 ? DotnetHostPath : "dotnet";
}
