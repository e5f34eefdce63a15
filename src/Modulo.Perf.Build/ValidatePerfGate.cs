using System.ComponentModel;
using Microsoft.Build.Framework;

namespace Modulo.Perf.Build;

/// <summary>
/// Runs <c>modulo-perf validate</c> before the project is built and its service started: every error of the gate
/// configuration, the selection, the profile and the baseline becomes a PERF9002 at its position in one pass,
/// instead of one error per minutes-long build. Reads the verdict from results.json, as <see cref="RunPerfGate"/> does.
/// </summary>
public sealed class ValidatePerfGate : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private static readonly TimeSpan EngineStopGrace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _cancellation = new();

    [Required] public string ConfigFile { get; set; } = "";
    /// <summary>Where validate writes its results.json: under obj/, never the report directory.</summary>
    [Required] public string OutputDirectory { get; set; } = "";
    /// <summary>The engine inside the package: modulo-perf.dll, or on linux-x64 the native modulo-perf executable (<see cref="EngineCommand"/>).</summary>
    [Required] public string Engine { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string DotnetHostPath { get; set; } = "";
    public string Profile { get; set; } = "";
    public string Vus { get; set; } = "";
    public string Duration { get; set; } = "";
    public string Baseline { get; set; } = "";
    public string Scenarios { get; set; } = "";
    public string Suites { get; set; } = "";
    /// <summary>PerfGateBaseUrl when set; otherwise the service the gate will start stands in for it.</summary>
    public string BaseUrl { get; set; } = "";

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        var configFile = Path.GetFullPath(ConfigFile, ProjectDirectory);
        var outputDirectory = Path.GetFullPath(OutputDirectory, ProjectDirectory);
        var resultsFile = Path.Combine(outputDirectory, "results.json");
        if (File.Exists(resultsFile))
        {
            File.Delete(resultsFile);
        }
        var target = Uri.TryCreate(BaseUrl, UriKind.Absolute, out var given) ? given : new Uri("http://127.0.0.1/");
        var arguments = new EngineArguments(configFile, target, outputDirectory)
        {
            Command = "validate",
            Profile = Profile,
            Vus = Vus,
            Duration = Duration,
            Baseline = Baseline.Length > 0 ? Path.GetFullPath(Baseline, ProjectDirectory) : "",
            Scenarios = Scenarios,
            Suites = Suites,
        }.ToList();
        var host = DotnetHostPath.Length > 0 ? DotnetHostPath : "dotnet";
        try
        {
            var (fileName, commandLine) = EngineCommand.For(Engine, host, arguments);
            using var engine = ChildProcess.Start(fileName, commandLine, ProjectDirectory,
                new Dictionary<string, string>(), EngineStopGrace, forwardLines: true);
            // The errors come from results.json with their positions; the console lines would repeat them.
            if (!engine.RunToExit(line => Log.LogMessage(MessageImportance.Low, line), _cancellation.Token))
            {
                return false;
            }
            if (GateResults.Load(resultsFile, out var problem) is { } results)
            {
                ResultsDiagnostics.Log(results, Baseline, Log);
            }
            if (engine.ExitCode != EngineExitCodes.Pass && !Log.HasLoggedErrors)
            {
                Log.LogError(null, DiagnosticCodes.ValidationFailed, null, configFile, 0, 0, 0, 0,
                    $"The gate configuration could not be validated (engine exit code {engine.ExitCode}{(problem is null ? "" : $"; {problem}")}). Its last output:{Environment.NewLine}{engine.Tail.Format()}");
            }
        }
        catch (Win32Exception e)
        {
            Log.LogError(null, DiagnosticCodes.ValidationFailed, null, configFile, 0, 0, 0, 0, $"The load engine could not be started to validate the configuration: {e.Message}");
        }
        catch (GateSetupException e)
        {
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, e.Message);
        }
        return !Log.HasLoggedErrors;
    }
}
