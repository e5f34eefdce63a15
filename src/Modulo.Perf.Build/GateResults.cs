using System.Text.Json;

namespace Modulo.Perf.Build;

/// <summary>The parts of the engine's <c>results.json</c> (docs/results-format.md) that become diagnostics.</summary>
public sealed record GateResults(
    int SchemaVersion,
    string Verdict,
    int ExitCode,
    bool Aborted,
    RunInfo? Run,
    IReadOnlyList<ThresholdResult>? Thresholds,
    IReadOnlyList<RegressionResult>? Regressions,
    IReadOnlyList<ConfigurationError>? Errors)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the file; null with a reason when it is missing or not a results document.</summary>
    public static GateResults? Load(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            problem = $"{path} was not written";
            return null;
        }
        try
        {
            var results = JsonSerializer.Deserialize<GateResults>(File.ReadAllText(path), Options);
            if (results is null || results.SchemaVersion != 1)
            {
                problem = $"{path} is not a schemaVersion 1 results document";
                return null;
            }
            return results;
        }
        catch (JsonException e)
        {
            problem = $"{path} is not valid JSON: {e.Message}";
            return null;
        }
    }
}

public sealed record RunInfo(double DurationSeconds, string? Profile, string? BaseUrl);

public sealed record ThresholdResult(
    string Metric,
    string Expression,
    bool Ok,
    double? Actual,
    string Message,
    bool AbortOnFail,
    string? File,
    int Line,
    int Column);

public sealed record RegressionResult(
    string? Suite,
    string Metric,
    string Kind,
    double Current,
    double Baseline,
    double ChangePercent,
    bool Regression,
    bool Inconclusive,
    string Message,
    string? File);

public sealed record ConfigurationError(string Kind, string Message, string? File, int? Line, int? Column);
