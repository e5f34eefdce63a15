namespace Modulo.Perf.Build;

/// <summary>
/// The engine's command line: <c>run --config FILE --base-url URL --out DIR</c> plus the optional overrides, or,
/// with <see cref="CompareBaseUrl"/>, <c>compare --config FILE --base URL --head URL --out DIR</c> (interleaved
/// rounds against both builds; no baseline file, and the profile's duration is spread over the rounds).
/// </summary>
public sealed class EngineArguments(string configFile, Uri baseUrl, string reportDirectory)
{
    public Uri? CompareBaseUrl { get; init; }
    public string Profile { get; init; } = "";
    public string Vus { get; init; } = "";
    public string Duration { get; init; } = "";
    public string Baseline { get; init; } = "";
    public bool UpdateBaseline { get; init; }

    public IReadOnlyList<string> ToList()
    {
        if (CompareBaseUrl is not null)
        {
            List<string> compare = ["compare", "--config", configFile, "--base", Url(CompareBaseUrl), "--head", Url(baseUrl), "--out", reportDirectory];
            AddIfSet(compare, "--profile", Profile);
            AddIfSet(compare, "--vus", Vus);
            return compare;
        }
        var arguments = new List<string>
        {
            "run", "--config", configFile, "--base-url", Url(baseUrl), "--out", reportDirectory,
        };
        AddIfSet(arguments, "--profile", Profile);
        AddIfSet(arguments, "--vus", Vus);
        AddIfSet(arguments, "--duration", Duration);
        AddIfSet(arguments, "--baseline", Baseline);
        if (UpdateBaseline)
        {
            arguments.Add("--update-baseline");
        }
        return arguments;
    }

    private static string Url(Uri url) => url.ToString().TrimEnd('/');

    private static void AddIfSet(List<string> arguments, string option, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            arguments.Add(option);
            arguments.Add(value);
        }
    }
}
