using YamlDotNet.RepresentationModel;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>A workflow file parsed with YamlDotNet, with the lookups the tests need (triggers, env, steps by name).</summary>
public sealed class Workflow
{
    private Workflow(string path, YamlMappingNode root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }
    public YamlMappingNode Root { get; }

    public static Workflow Load(string fileName)
    {
        var path = RepositoryRoot.Workflow(fileName);
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }
        return new Workflow(path, (YamlMappingNode)Assert.Single(stream.Documents).RootNode);
    }

    /// <summary>The triggers; the key is the string "on" (YamlDotNet's representation model does not read it as a boolean).</summary>
    public YamlMappingNode On => Map(Root, "on");

    public IReadOnlyDictionary<string, string> Env => Map(Root, "env").Children.ToDictionary(kv => Text(kv.Key), kv => Text(kv.Value));

    public YamlMappingNode Job => (YamlMappingNode)Assert.Single(Map(Root, "jobs").Children).Value;

    public List<YamlMappingNode> Steps => ((YamlSequenceNode)Job["steps"]).Children.Cast<YamlMappingNode>().ToList();

    public YamlMappingNode Step(string name) =>
        Assert.Single(Steps, s => s.Children.TryGetValue("name", out var n) && Text(n) == name);

    public IReadOnlyList<YamlMappingNode> StepsUsing(string action) =>
        Steps.Where(s => s.Children.TryGetValue("uses", out var uses) && Text(uses) == action).ToList();

    public static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    public static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static string Text(YamlMappingNode node, string key) => Text(node[key]);

    public static IReadOnlyList<string> Strings(YamlNode node) =>
        ((YamlSequenceNode)node).Children.Select(Text).ToList();
}
