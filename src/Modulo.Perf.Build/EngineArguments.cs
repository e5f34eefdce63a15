namespace Modulo.Perf.Build;

/// <summary>
/// The engine's command line: <c>run --config FILE --base-url URL --out DIR --caller msbuild</c> plus the optional
/// overrides (<c>--caller msbuild</c> makes the engine's messages name PerfGate properties instead of its flags), or,
/// with <see cref="CompareBaseUrl"/>, <c>compare --config FILE --base URL --head URL --out DIR</c> (interleaved
/// rounds against both builds; no baseline file, and the profile's duration is spread over the rounds).
/// </summary>
public sealed class EngineArguments(string configFile, Uri baseUrl, string reportDirectory)
{
    /// <summary><c>run</c>, or <c>validate</c>: the same options, every check before the load, and no load.</summary>
    public string Command { get; init; } = "run";

    public Uri? CompareBaseUrl { get; init; }
    /// <summary>With <see cref="CompareBaseUrl"/>: the base service's process; <see cref="ServicePid"/> is the head's.</summary>
    public int? CompareBaseServicePid { get; init; }
    /// <summary>With <see cref="CompareBaseUrl"/>: the base service's diagnostic port; <see cref="ServiceDiagnosticPort"/> is the head's.</summary>
    public string? CompareBaseServiceDiagnosticPort { get; init; }
    public string Profile { get; init; } = "";
    public string Vus { get; init; } = "";
    public string Duration { get; init; } = "";
    /// <summary>With <see cref="CompareBaseUrl"/>: measured rounds per side and each round's length (empty: the engine's defaults).</summary>
    public string CompareRounds { get; init; } = "";
    public string CompareRoundDuration { get; init; } = "";
    public string Baseline { get; init; } = "";
    public bool UpdateBaseline { get; init; }
    public bool AllowFingerprintMismatch { get; init; }
    /// <summary>The gated project's Configuration and TargetFramework: part of the baseline fingerprint.</summary>
    public string BuildConfiguration { get; init; } = "";
    public string TargetFramework { get; init; } = "";
    /// <summary>';'-separated, as MSBuild lists are written; each becomes its own --scenario / --suite.</summary>
    public string Scenarios { get; init; } = "";
    public string Suites { get; init; } = "";
    /// <summary>The started service's process, for its runtime counters; null when there is none to attach to.</summary>
    public int? ServicePid { get; init; }
    /// <summary>With a <see cref="ServicePid"/>, ASP.NET Core's meters too.</summary>
    public bool ServiceMeters { get; init; }
    /// <summary>The diagnostic port socket the service connects to, instead of a <see cref="ServicePid"/>.</summary>
    public string? ServiceDiagnosticPort { get; init; }

    public IReadOnlyList<string> ToList()
    {
        if (CompareBaseUrl is not null)
        {
            List<string> compare = ["compare", "--config", configFile, "--base", Url(CompareBaseUrl), "--head", Url(baseUrl), "--out", reportDirectory];
            AddIfSet(compare, "--profile", Profile);
            AddIfSet(compare, "--vus", Vus);
            AddIfSet(compare, "--duration", Duration);
            AddIfSet(compare, "--rounds", CompareRounds);
            AddIfSet(compare, "--round-duration", CompareRoundDuration);
            AddEach(compare, "--scenario", Scenarios);
            AddEach(compare, "--suite", Suites);
            // Counters are compared side by side: both sides attached the same way, or neither.
            var counters = (CompareBaseServicePid, ServicePid, CompareBaseServiceDiagnosticPort, ServiceDiagnosticPort) switch
            {
                ({ } basePid, { } headPid, _, _) => (string[])["--base-service-pid", Invariant(basePid), "--head-service-pid", Invariant(headPid)],
                (_, _, { } basePort, { } headPort) => ["--base-service-diagnostic-port", basePort, "--head-service-diagnostic-port", headPort],
                _ => [],
            };
            compare.AddRange(counters);
            if (ServiceMeters && counters.Length > 0)
            {
                compare.Add("--service-meters");
            }
            return compare;
        }
        var arguments = new List<string>
        {
            Command, "--config", configFile, "--base-url", Url(baseUrl), "--out", reportDirectory, "--caller", "msbuild",
        };
        AddIfSet(arguments, "--profile", Profile);
        AddIfSet(arguments, "--vus", Vus);
        AddIfSet(arguments, "--duration", Duration);
        AddIfSet(arguments, "--baseline", Baseline);
        AddIfSet(arguments, "--build-configuration", BuildConfiguration);
        AddIfSet(arguments, "--target-framework", TargetFramework);
        AddEach(arguments, "--scenario", Scenarios);
        AddEach(arguments, "--suite", Suites);
        if (UpdateBaseline)
        {
            arguments.Add("--update-baseline");
        }
        if (AllowFingerprintMismatch)
        {
            arguments.Add("--allow-fingerprint-mismatch");
        }
        if (ServicePid is { } pid)
        {
            arguments.Add("--service-pid");
            arguments.Add(Invariant(pid));
        }
        else if (ServiceDiagnosticPort is { } port)
        {
            arguments.Add("--service-diagnostic-port");
            arguments.Add(port);
        }
        if (ServiceMeters && (ServicePid is not null || ServiceDiagnosticPort is not null))
        {
            arguments.Add("--service-meters");
        }
        return arguments;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Url(Uri url) => url.ToString().TrimEnd('/');

    private static void AddIfSet(List<string> arguments, string option, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            arguments.Add(option);
            arguments.Add(value.Trim());
        }
    }

    private static void AddEach(List<string> arguments, string option, string list)
    {
        foreach (var value in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            arguments.Add(option);
            arguments.Add(value);
        }
    }
}
