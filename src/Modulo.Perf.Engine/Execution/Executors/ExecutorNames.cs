namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>The executors' names as written in the config and in results.json (k6's names).</summary>
public static class ExecutorNames
{
    private static readonly Dictionary<string, ExecutorKind> ByName = new(StringComparer.Ordinal)
    {
        ["constant-vus"] = ExecutorKind.ConstantVus,
        ["ramping-vus"] = ExecutorKind.RampingVus,
        ["per-vu-iterations"] = ExecutorKind.PerVuIterations,
        ["constant-arrival-rate"] = ExecutorKind.ConstantArrivalRate,
        ["ramping-arrival-rate"] = ExecutorKind.RampingArrivalRate,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static bool TryParse(string name, out ExecutorKind executor) => ByName.TryGetValue(name, out executor);

    public static string ToName(this ExecutorKind executor) => ByName.First(pair => pair.Value == executor).Key;
}
