using System.Reflection;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// A backend team's project, generated in a temp folder: a minimal API referencing Modulo.Perf.Build
/// from the test feed, with its own nuget.config (the feed added to the inherited sources) and an
/// isolated packages folder so the package under test is never mixed with another build of it.
/// </summary>
public sealed class ConsumerProject
{
    public const string Name = "Consumer";

    public string Directory { get; }
    public string ProjectFile { get; }
    public string PackagesDirectory { get; }

    public ConsumerProject(string directory, string projectFile, string packagesDirectory)
    {
        Directory = directory;
        ProjectFile = projectFile;
        PackagesDirectory = packagesDirectory;
    }

    public static ConsumerProject Create(string root, string feed, string packageVersion)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, "consumer")).FullName;
        var packages = System.IO.Directory.CreateDirectory(Path.Combine(root, "packages")).FullName;
        File.WriteAllText(Path.Combine(directory, $"{Name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Modulo.Perf.Build" Version="{packageVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="perfgate-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // As in the web template: no per-request framework logs, so a failure's quoted tail shows the app's own lines.
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } } }
            """);
        using var program = Assembly.GetExecutingAssembly().GetManifestResourceStream("Consumer.Program.cs")
            ?? throw new InvalidOperationException("The consumer's Program.cs resource is missing.");
        using var target = File.Create(Path.Combine(directory, "Program.cs"));
        program.CopyTo(target);
        return new ConsumerProject(directory, Path.Combine(directory, $"{Name}.csproj"), packages);
    }

    /// <summary>
    /// Writes a perfgate config with one user scenario (GET /items, a read) under a 1 VU, 3 s profile,
    /// and one threshold, on slo_read_latency unless <paramref name="metric"/> names another. Returns its full path.
    /// </summary>
    public string WriteConfig(string fileName, string readLatencyThreshold, string metric = "slo_read_latency")
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, $$"""
            {
              "scenarios": {
                "browse": {
                  "steps": [
                    { "name": "list items", "method": "GET", "path": "/items", "type": "read" }
                  ]
                }
              },
              "profiles": {
                "quick": { "executor": "constant-vus", "vus": 1, "duration": "3s", "gracefulStop": "5s" }
              },
              "profile": "quick",
              "thresholds": {
                "{{metric}}": ["{{readLatencyThreshold}}"]
              }
            }
            """);
        return path;
    }

    /// <summary>The 1-based line and column of the first character of <paramref name="text"/> in the file.</summary>
    public static (int Line, int Column) PositionOf(string file, string text)
    {
        var lines = File.ReadAllLines(file);
        for (var index = 0; index < lines.Length; index++)
        {
            var column = lines[index].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (index + 1, column + 1);
            }
        }
        throw new InvalidOperationException($"'{text}' is not in {file}");
    }
}
