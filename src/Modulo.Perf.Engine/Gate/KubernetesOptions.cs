namespace Modulo.Perf.Engine.Gate;

/// <summary>The <c>k8s</c> command's options: what to run, on how many pods, from which image.</summary>
public sealed record KubernetesOptions
{
    public required string ConfigPath { get; init; }
    /// <summary>Pods of the load Job: the test is split into this many equal segments.</summary>
    public required int Parallelism { get; init; }
    public required string Image { get; init; }
    public string? Namespace { get; init; }
    /// <summary>Prefix of the objects' names; default modulo-perf.</summary>
    public string Name { get; init; } = "modulo-perf";
    public string? BaseUrl { get; init; }
    public string? Profile { get; init; }
    /// <summary>A baseline file to ship in the ConfigMap, for the merge to compare with.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>The shared start of the load; default two minutes after the manifest is generated.</summary>
    public DateTimeOffset? StartAt { get; init; }
}
