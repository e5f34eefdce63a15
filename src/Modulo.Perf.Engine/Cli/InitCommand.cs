using System.CommandLine;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf init --from-openapi URL|FILE [--output perfgate.json] [--base-url URL] [--force]</c>: writes a
/// starter perfgate.json (<see cref="StarterConfig"/>). Exit 0 when written, 3 for a document that cannot be used or
/// a file that exists, 4 when the document's URL does not answer.
/// </summary>
internal static class InitCommand
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private static readonly Option<string> FromOpenApi = new("--from-openapi")
    {
        Description = "The app's OpenAPI document (JSON): a URL such as http://127.0.0.1:5000/openapi/v1.json, or a file.",
        Required = true,
    };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "The file to write.", DefaultValueFactory = _ => "perfgate.json" };
    private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "The config's baseUrl; default the document URL's origin, or http://127.0.0.1:5000 for a file." };
    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite the output file if it exists." };

    public static Command Create()
    {
        var command = new Command("init", "Write a starter perfgate.json from the app's OpenAPI document.") { FromOpenApi, Output, BaseUrl, Force };
        command.SetAction(async (parse, cancellation) =>
        {
            var source = parse.GetRequiredValue(FromOpenApi);
            var output = Path.GetFullPath(parse.GetRequiredValue(Output));
            try
            {
                if (File.Exists(output) && !parse.GetValue(Force))
                {
                    throw new ConfigurationException($"{output} exists; pass --force to overwrite it.");
                }
                var url = Uri.TryCreate(source, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
                var document = url is null ? await File.ReadAllTextAsync(source, cancellation).ConfigureAwait(false) : await FetchAsync(url, cancellation).ConfigureAwait(false);
                var baseUrl = parse.GetValue(BaseUrl) is { } given ? new Uri(given) : url ?? new Uri("http://127.0.0.1:5000");
                var paths = StarterConfig.ReadPaths(document, source);
                await File.WriteAllTextAsync(output, StarterConfig.Write(paths, baseUrl), cancellation).ConfigureAwait(false);
                Console.WriteLine($"Wrote {output}: scenario '{StarterConfig.ScenarioName}' with {paths.Count} GET operation(s) and the SLO thresholds {string.Join(", ", StarterConfig.Thresholds.Select(t => t.Metric))}.");
                return ExitCodes.Pass;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"error: {source} could not be fetched: {e.Message}");
                return ExitCodes.TargetUnreachable;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine($"error: {source} did not answer within {FetchTimeout.TotalSeconds:0} s.");
                return ExitCodes.TargetUnreachable;
            }
            catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException or UriFormatException)
            {
                Console.Error.WriteLine(e is ConfigurationException c ? c.Diagnostic : $"error: {e.Message}");
                return ExitCodes.InvalidConfiguration;
            }
        });
        return command;
    }

    private static async Task<string> FetchAsync(Uri url, CancellationToken cancellation)
    {
        using var client = new HttpClient { Timeout = FetchTimeout };
        using var response = await client.GetAsync(url, cancellation).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false)
            : throw new ConfigurationException($"{url} answered {(int)response.StatusCode}, not an OpenAPI document. ASP.NET Core serves it with app.MapOpenApi() at /openapi/v1.json.");
    }
}
