using System.Text.RegularExpressions;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>The <c>dotnet build ... -t:PerfGate</c> line a workflow runs, split into its target and -p: properties.</summary>
public sealed partial class GateCommand
{
    /// <summary>
    /// The properties the gate reads: every <c>$(PerfGate...)</c> its package's build files use, so a workflow that
    /// passes a misspelt or removed property fails here instead of being silently ignored by MSBuild.
    /// </summary>
    public static IReadOnlySet<string> GateProperties { get; } = Directory
        .GetFiles(System.IO.Path.Combine(RepositoryRoot.Path, "src", "Modulo.Perf.Build", "build"))
        .SelectMany(file => GateProperty().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
        .ToHashSet();

    private GateCommand(string text, string project, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string> properties)
    {
        Text = text;
        Project = project;
        Targets = targets;
        Properties = properties;
    }

    public string Text { get; }
    public string Project { get; }
    public IReadOnlyList<string> Targets { get; }
    public IReadOnlyDictionary<string, string> Properties { get; }

    public static GateCommand Parse(string run)
    {
        var text = run.Trim();
        var build = BuildPattern().Match(text);
        Assert.True(build.Success, $"not a dotnet build command: {text}");
        return new GateCommand(
            text,
            build.Groups[1].Value.Trim('"'),
            TargetPattern().Matches(text).Select(m => m.Groups[1].Value).ToList(),
            PropertyPattern().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"')));
    }

    [GeneratedRegex(@"\$\((PerfGate\w+)\)")]
    private static partial Regex GateProperty();

    [GeneratedRegex("""^dotnet build ("[^"]+"|\S+)""")]
    private static partial Regex BuildPattern();

    [GeneratedRegex(@"\s-t:(\w+)")]
    private static partial Regex TargetPattern();

    [GeneratedRegex("""\s-p:(\w+)=("[^"]*"|[^\s'}]+)""")]
    private static partial Regex PropertyPattern();
}
