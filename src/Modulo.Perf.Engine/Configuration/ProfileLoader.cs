using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Reads one entry of <c>profiles</c>: an executor and the k6 options that belong to it. An option of another
/// executor is an error that says which executor it belongs to, since mixing them up is a common k6 mistake.
/// </summary>
internal static class ProfileLoader
{
    private static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<ExecutorKind, string[]> Options = new()
    {
        [ExecutorKind.ConstantVus] = ["executor", "vus", "duration", "gracefulStop"],
        [ExecutorKind.RampingVus] = ["executor", "startVUs", "stages", "gracefulStop"],
        [ExecutorKind.PerVuIterations] = ["executor", "vus", "iterations", "maxDuration", "gracefulStop"],
        [ExecutorKind.ConstantArrivalRate] = ["executor", "rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs", "gracefulStop"],
        [ExecutorKind.RampingArrivalRate] = ["executor", "startRate", "timeUnit", "preAllocatedVUs", "maxVUs", "stages", "gracefulStop"],
    };

    public static ProfileDefinition Load(string name, ConfigNode node)
    {
        var executor = ExecutorKind.ConstantVus;
        if (node.Property("executor") is { } executorNode)
        {
            var executorName = executorNode.GetString();
            if (!ExecutorNames.TryParse(executorName, out executor))
            {
                throw executorNode.Error(
                    $"unknown executor '{executorName}'{NameSuggester.Hint(executorName, ExecutorNames.All)}; use {string.Join(", ", ExecutorNames.All)}");
            }
        }
        string[] allowed = [.. Options[executor], "warmup"];
        node.RejectUnknownProperties(allowed, option => ExplainForeignOption(option, executor));

        var profile = new ProfileDefinition
        {
            Name = name,
            Executor = executor,
            GracefulStop = node.Property("gracefulStop")?.GetDuration() ?? TimeSpan.FromSeconds(30),
            Warmup = node.Property("warmup")?.GetDuration() ?? TimeSpan.Zero,
            Location = node.Location,
        };
        return executor switch
        {
            ExecutorKind.ConstantVus => profile with
            {
                Vus = node.Property("vus")?.GetInt32(1) ?? 1,
                Duration = node.RequiredProperty("duration").GetPositiveDuration(),
            },
            ExecutorKind.RampingVus => RampingVus(node, profile),
            ExecutorKind.PerVuIterations => profile with
            {
                Vus = node.Property("vus")?.GetInt32(1) ?? 1,
                Iterations = node.Property("iterations")?.GetInt32(1) ?? 1,
                Duration = node.Property("maxDuration")?.GetPositiveDuration() ?? DefaultMaxDuration,
            },
            ExecutorKind.ConstantArrivalRate => ArrivalRate(node, profile) with
            {
                Rate = node.RequiredProperty("rate").GetPositiveDouble(),
                Duration = node.RequiredProperty("duration").GetPositiveDuration(),
            },
            _ => RampingArrivalRate(node, profile),
        };
    }

    private static ProfileDefinition RampingVus(ConfigNode node, ProfileDefinition profile)
    {
        var stages = Stages(node);
        return profile with
        {
            Vus = node.Property("startVUs")?.GetInt32(0) ?? 1,
            Stages = stages,
            Duration = TotalDuration(node, stages),
        };
    }

    private static ProfileDefinition RampingArrivalRate(ConfigNode node, ProfileDefinition profile)
    {
        var stages = Stages(node);
        return ArrivalRate(node, profile) with
        {
            StartRate = node.Property("startRate")?.GetNonNegativeDouble() ?? 0,
            Stages = stages,
            Duration = TotalDuration(node, stages),
        };
    }

    // What both arrival-rate executors share: the time unit and the VU pool.
    private static ProfileDefinition ArrivalRate(ConfigNode node, ProfileDefinition profile)
    {
        var preAllocated = node.RequiredProperty("preAllocatedVUs").GetInt32(1);
        var maxVus = preAllocated;
        if (node.Property("maxVUs") is { } maxNode)
        {
            maxVus = maxNode.GetInt32(1);
            if (maxVus < preAllocated)
            {
                throw maxNode.Error($"maxVUs ({maxVus}) must be at least preAllocatedVUs ({preAllocated})");
            }
        }
        return profile with
        {
            TimeUnit = node.Property("timeUnit")?.GetPositiveDuration() ?? TimeSpan.FromSeconds(1),
            PreAllocatedVus = preAllocated,
            MaxVus = maxVus,
        };
    }

    private static List<Stage> Stages(ConfigNode node)
    {
        var stagesNode = node.RequiredProperty("stages");
        var stages = new List<Stage>();
        foreach (var stageNode in stagesNode.Elements())
        {
            stageNode.RejectUnknownProperties(["duration", "target"]);
            stages.Add(new Stage(stageNode.RequiredProperty("duration").GetDuration(), stageNode.RequiredProperty("target").GetInt32(0)));
        }
        return stages.Count > 0 ? stages : throw stagesNode.Error($"{stagesNode.What} needs at least one stage");
    }

    private static TimeSpan TotalDuration(ConfigNode node, List<Stage> stages)
    {
        var total = stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration);
        return total > TimeSpan.Zero ? total : throw node.RequiredProperty("stages").Error("the stages' durations add up to 0");
    }

    private static string? ExplainForeignOption(string option, ExecutorKind executor)
    {
        var owners = Options.Where(pair => pair.Value.Contains(option)).Select(pair => pair.Key.ToName()).ToList();
        return owners.Count == 0
            ? null
            : $"option '{option}' does not apply to executor '{executor.ToName()}' (it belongs to {string.Join(", ", owners)}); " +
              $"{executor.ToName()} takes: {string.Join(", ", Options[executor])}";
    }
}
