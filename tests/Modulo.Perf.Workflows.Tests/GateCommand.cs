using System.Text.RegularExpressions;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>The <c>dotnet build ... -t:PerfGate</c> line a workflow runs, split into its target and -p: properties.</summary>
public sealed partial class GateCommand
{
    /// <summary>The gate's MSBuild properties (issue "MSBuild gate", plus PerfGateServicePort for compose mode).</summary>
    public static readonly IReadOnlySet<string> GateProperties = new HashSet<string>
    {
        "PerfGateConfig", "PerfGateProfile", "PerfGateVus", "PerfGateDuration", "PerfGateBaseUrl", "PerfGateHealthPath",
        "PerfGateStartTimeout", "PerfGateStartCommand", "PerfGateComposeFile", "PerfGateServicePort", "PerfGateBaseline",
        "PerfGateUpdateBaseline", "PerfGateReportDir",
    };

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

    [GeneratedRegex("""^dotnet build ("[^"]+"|\S+)""")]
    private static partial Regex BuildPattern();

    [GeneratedRegex(@"\s-t:(\w+)")]
    private static partial Regex TargetPattern();

    [GeneratedRegex("""\s-p:(\w+)=("[^"]*"|[^\s'}]+)""")]
    private static partial Regex PropertyPattern();
}
