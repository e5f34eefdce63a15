using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.OpenApi;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// A first perfgate.json written from an app's OpenAPI document (what ASP.NET Core's <c>MapOpenApi</c> serves): one
/// read scenario of the GET operations that need no parameters, and the sample backend's SLO thresholds for what
/// that scenario measures. A starting point to edit, not a finished gate: writes, logins and captures are the user's.
/// </summary>
internal static class StarterConfig
{
    public const string ScenarioName = "read";

    /// <summary>
    /// The SLOs of samples/Modulo.Sample.Api/perfgate.json that a read-only scenario feeds. Write and sync latency are
    /// left out: a thresholded metric that gets no samples fails, and the scenario has no write.
    /// </summary>
    public static IReadOnlyList<(string Metric, string Threshold)> Thresholds { get; } =
    [
        (MetricCatalog.SloReadLatency, "p(95)<200"),
        (MetricCatalog.SloErrorRate, "rate<0.001"),
        (MetricCatalog.Availability, "rate>0.999"),
    ];

    /// <summary>The GET paths a starter scenario can call as they are: no path template, no required parameter.</summary>
    public static IReadOnlyList<string> ReadPaths(string openApiJson, string source)
    {
        var (document, diagnostic) = OpenApiDocument.Parse(openApiJson, OpenApiConstants.Json);
        if (document?.Paths is not { } paths)
        {
            var reason = diagnostic?.Errors.FirstOrDefault()?.ToString() ?? "it is not an OpenAPI document in JSON";
            throw new ConfigurationException($"{source} cannot be read as an OpenAPI document: {reason}");
        }
        var reads = paths
            .Where(path => !path.Key.Contains('{', StringComparison.Ordinal))
            .Where(path => path.Value.Operations?.TryGetValue(HttpMethod.Get, out var get) == true
                && !(path.Value.Parameters ?? []).Concat(get.Parameters ?? []).Any(p => p.Required))
            .Select(path => path.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return reads.Count > 0
            ? reads
            : throw new ConfigurationException(
                $"{source} has no GET operation that needs no parameters, so there is no read scenario to start from. Write the scenario by hand (docs/configuration.md).");
    }

    public static string Write(IReadOnlyList<string> readPaths, Uri baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("baseUrl", baseUrl.GetLeftPart(UriPartial.Authority));
            json.WriteString("profile", "smoke");
            json.WriteStartObject("scenarios");
            json.WriteStartObject(ScenarioName);
            json.WriteStartArray("steps");
            foreach (var path in readPaths)
            {
                json.WriteStartObject();
                json.WriteString("name", $"GET {path}");
                json.WriteString("method", "GET");
                json.WriteString("path", path);
                json.WriteString("type", "read");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("thresholds");
            foreach (var (metric, threshold) in Thresholds)
            {
                json.WriteStartArray(metric);
                json.WriteStringValue(threshold);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }
}
