using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>Reads the config's <c>"regression"</c> section; every property is optional.</summary>
internal static class RegressionSettingsLoader
{
    public static RegressionSettings Load(ConfigNode node)
    {
        node = node with { What = "'regression'" };
        node.RejectUnknownProperties(["latencyPercent", "errorRatePoints", "throughputPercent", "allocPerRequestPercent", "cpuPerRequestPercent", "historyDays", "historyRuns", "minSamples", "machineSlowdownPercent"]);
        var defaults = new RegressionSettings();
        return new RegressionSettings
        {
            LatencyPercent = node.Property("latencyPercent")?.GetNonNegativeDouble() ?? defaults.LatencyPercent,
            ErrorRatePoints = node.Property("errorRatePoints")?.GetNonNegativeDouble() ?? defaults.ErrorRatePoints,
            ThroughputPercent = node.Property("throughputPercent")?.GetNonNegativeDouble() ?? defaults.ThroughputPercent,
            AllocPerRequestPercent = node.Property("allocPerRequestPercent")?.GetNonNegativeDouble() ?? defaults.AllocPerRequestPercent,
            CpuPerRequestPercent = node.Property("cpuPerRequestPercent")?.GetNonNegativeDouble() ?? defaults.CpuPerRequestPercent,
            HistoryDays = node.Property("historyDays")?.GetInt32(1) ?? defaults.HistoryDays,
            HistoryRuns = node.Property("historyRuns")?.GetInt32(1) ?? defaults.HistoryRuns,
            MinSamples = node.Property("minSamples")?.GetInt32(1) ?? defaults.MinSamples,
            MachineSlowdownPercent = node.Property("machineSlowdownPercent")?.GetNonNegativeDouble() ?? defaults.MachineSlowdownPercent,
        };
    }
}
