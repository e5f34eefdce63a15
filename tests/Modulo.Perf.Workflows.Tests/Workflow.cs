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

    /// <summary>The jobs by id.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> Jobs =>
        Map(Root, "jobs").Children.ToDictionary(kv => Text(kv.Key), kv => (YamlMappingNode)kv.Value);

    /// <summary>The job that runs the gate: the only job, or the one with the step "Run the performance gate".</summary>
    public YamlMappingNode Job => Jobs.Count == 1
        ? Jobs.Values.Single()
        : Assert.Single(Jobs.Values, job => StepsOf(job).Any(s => s.Children.TryGetValue("name", out var n) && Text(n) == "Run the performance gate"));

    public List<YamlMappingNode> Steps => StepsOf(Job);

    public static List<YamlMappingNode> StepsOf(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().ToList();

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
