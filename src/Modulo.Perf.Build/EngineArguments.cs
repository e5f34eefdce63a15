namespace Modulo.Perf.Build;

/// <summary>The engine's command line: <c>run --config FILE --base-url URL --out DIR</c> plus the optional overrides.</summary>
public sealed class EngineArguments(string configFile, Uri baseUrl, string reportDirectory)
{
    public string Profile { get; init; } = "";
    public string Vus { get; init; } = "";
    public string Duration { get; init; } = "";
    public string Baseline { get; init; } = "";
    public bool UpdateBaseline { get; init; }
    /// <summary>The started service's process, for its runtime counters; null when there is none to attach to.</summary>
    public int? ServicePid { get; init; }
    /// <summary>With a <see cref="ServicePid"/>, ASP.NET Core's meters too.</summary>
    public bool ServiceMeters { get; init; }

    public IReadOnlyList<string> ToList()
    {
        var arguments = new List<string>
        {
            "run", "--config", configFile, "--base-url", baseUrl.ToString().TrimEnd('/'), "--out", reportDirectory,
        };
        AddIfSet(arguments, "--profile", Profile);
        AddIfSet(arguments, "--vus", Vus);
        AddIfSet(arguments, "--duration", Duration);
        AddIfSet(arguments, "--baseline", Baseline);
        if (UpdateBaseline)
        {
            arguments.Add("--update-baseline");
        }
        if (ServicePid is { } pid)
        {
            arguments.Add("--service-pid");
            arguments.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (ServiceMeters)
            {
                arguments.Add("--service-meters");
            }
        }
        return arguments;
    }

    private static void AddIfSet(List<string> arguments, string option, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            arguments.Add(option);
            arguments.Add(value);
        }
    }
}
