namespace Modulo.Perf.Build.Tests;

/// <summary>
/// samples/Modulo.Identity.Api copied into a temp folder and brought to the end of docs/walkthrough.md: the package
/// reference, the PerfGateHealthPath fix for PERF9012 (with the health endpoint it names), and the walkthrough's
/// perfgate.json (samples/configs/identity-walkthrough.json). The repository's Directory.*.props come along, since
/// the sample takes its package versions from them; packages come from the test feed and, read-only, from the
/// machine's package folder, while restoring into a folder of its own.
/// </summary>
public static class IdentitySampleCopy
{
    private const string ProjectName = "Modulo.Identity.Api";

    /// <summary>The walkthrough's edits, as its steps show them: what is inserted after which line.</summary>
    private static readonly (string File, string After, string Insert)[] WalkthroughEdits =
    [
        ($"{ProjectName}.csproj", "<PackageReference Include=\"Microsoft.AspNetCore.OpenApi\" />",
            "<PackageReference Include=\"Modulo.Perf.Build\" VersionOverride=\"$(ModuloPerfBuildVersion)\" />"),
        ($"{ProjectName}.csproj", "<IsPackable>false</IsPackable>", "<PerfGateHealthPath>/ready</PerfGateHealthPath>"),
        ("Program.cs", "app.MapDefaultEndpoints();", "app.MapHealthChecks(\"/ready\");"),
    ];

    public static ConsumerProject Create(string root, string feed)
    {
        var copyRoot = Directory.CreateDirectory(Path.Combine(root, "identity")).FullName;
        var project = Path.Combine(copyRoot, ProjectName);
        CopySources(Path.Combine(RepositoryRoot.Path, "samples", ProjectName), project);
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, props), Path.Combine(copyRoot, props));
        }
        foreach (var (file, after, insert) in WalkthroughEdits)
        {
            var path = Path.Combine(project, file);
            var text = File.ReadAllText(path);
            var anchor = text.IndexOf(after, StringComparison.Ordinal);
            Assert.True(anchor >= 0, $"The walkthrough inserts after '{after}', which {file} no longer has.");
            var lineEnd = text.IndexOf('\n', anchor) + 1;
            var indent = text[text.LastIndexOf('\n', anchor)..anchor].TrimStart('\n');
            File.WriteAllText(path, text.Insert(lineEnd, $"{indent}{insert}\n"));
        }
        File.Copy(Path.Combine(RepositoryRoot.Path, "samples", "configs", "identity-walkthrough.json"), Path.Combine(project, "perfgate.json"));
        File.WriteAllText(Path.Combine(copyRoot, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="perfgate-test-feed" value="{feed}" />
                <add key="machine-packages" value="{MachinePackagesFolder()}" />
              </packageSources>
            </configuration>
            """);
        var packages = Directory.CreateDirectory(Path.Combine(root, "identity-packages")).FullName;
        return new ConsumerProject(project, Path.Combine(project, $"{ProjectName}.csproj"), packages);
    }

    /// <summary>The sample's sources, without what a build or a run of it leaves behind.</summary>
    private static void CopySources(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "perf-results" || top.StartsWith("todos.db", StringComparison.Ordinal) || top == "perfgate.json")
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

    private static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
