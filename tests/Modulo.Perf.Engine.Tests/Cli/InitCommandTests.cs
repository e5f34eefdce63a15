using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Cli;

/// <summary>
/// <c>modulo-perf init --from-openapi</c> against an app that serves its document as ASP.NET Core apps do
/// (AddOpenApi + MapOpenApi): the starter config has the GET operations that need no parameters, loads, and passes
/// a run against the same app.
/// </summary>
public class InitCommandTests
{
    private static Task<LoopbackServer> StartApiAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapOpenApi();
        app.MapGet("/api/notes", () => Results.Ok(new[] { "a", "b" }));
        app.MapGet("/api/status", () => Results.Ok(new { ok = true }));
        app.MapGet("/api/notes/{id}", (int id) => Results.Ok(id));
        app.MapGet("/api/search", (string q) => Results.Ok(q));
        app.MapGet("/api/page", (int? page) => Results.Ok(page ?? 1));
        app.MapPost("/api/notes", () => Results.Created("/api/notes/1", null));
    }, builder => builder.Services.AddOpenApi());

    [Fact]
    public async Task A_starter_config_from_MapOpenApi_reads_the_parameterless_GETs_and_passes_against_the_app()
    {
        await using var api = await StartApiAsync();
        using var directory = new TempConfig("{}");
        var output = Path.Combine(directory.Directory, "starter.json");

        var (exitCode, printed) = await Infrastructure.Engine.RunCommandAsync(Directory.GetCurrentDirectory(),
            ["init", "--from-openapi", new Uri(api.BaseUrl, "/openapi/v1.json").ToString(), "--output", output]);

        Assert.True(exitCode == 0, printed);
        using var config = JsonDocument.Parse(File.ReadAllText(output));
        var paths = config.RootElement.GetProperty("scenarios").GetProperty("read").GetProperty("steps").EnumerateArray()
            .Select(step => step.GetProperty("path").GetString()).ToList();
        // Not the templated path, not the required query parameter, not the POST; an optional parameter is fine.
        Assert.Equal(["/api/notes", "/api/page", "/api/status"], paths);
        Assert.Equal(api.BaseUrl.GetLeftPart(UriPartial.Authority), config.RootElement.GetProperty("baseUrl").GetString());
        var thresholds = config.RootElement.GetProperty("thresholds");
        Assert.Equal("p(95)<200", thresholds.GetProperty("slo_read_latency")[0].GetString());
        Assert.Equal("rate<0.001", thresholds.GetProperty("slo_error_rate")[0].GetString());

        File.Copy(output, directory.Path, overwrite: true);
        var (runExit, results, runOutput) = await Infrastructure.Engine.RunProcessAsync(directory, "--duration", "2s");
        Assert.True(runExit == 0, runOutput);
        Assert.Equal("pass", results!.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task An_existing_file_is_kept_and_a_document_without_usable_GETs_is_exit_3()
    {
        using var directory = new TempConfig("""{ "keep": true }""");
        var document = Path.Combine(directory.Directory, "openapi.json");
        File.WriteAllText(document, """
            { "openapi": "3.1.1", "info": { "title": "t", "version": "1" },
              "paths": { "/items/{id}": { "get": { "responses": { "200": { "description": "ok" } } } } } }
            """);
        var fresh = Path.Combine(directory.Directory, "fresh.json");

        var (existsExit, existsOutput) = await Infrastructure.Engine.RunCommandAsync(Directory.GetCurrentDirectory(), ["init", "--from-openapi", document, "--output", directory.Path]);
        var (emptyExit, emptyOutput) = await Infrastructure.Engine.RunCommandAsync(Directory.GetCurrentDirectory(), ["init", "--from-openapi", document, "--output", fresh]);

        Assert.Equal(3, existsExit);
        Assert.Contains("--force", existsOutput);
        Assert.Equal("""{ "keep": true }""", File.ReadAllText(directory.Path));
        Assert.Equal(3, emptyExit);
        Assert.Contains("no GET operation that needs no parameters", emptyOutput);
        Assert.False(File.Exists(fresh));
    }
}
