namespace Modulo.Perf.Build;

/// <summary>
/// Every diagnostic code the gate logs. Codes are stable and never reused: CI rules, NoWarn and
/// WarningsAsErrors lists refer to them. The table in docs/diagnostics.md mirrors this file.
/// </summary>
public static class DiagnosticCodes
{
    // PERF1xxx: SLO violations (errors).
    public const string ThresholdFailed = "PERF1001";
    public const string ThresholdWithoutSamples = "PERF1002";
    public const string RunAborted = "PERF1003";

    // PERF2xxx: regressions against the baseline (warnings).
    public const string LatencyRegression = "PERF2001";
    public const string ErrorRateRegression = "PERF2002";
    public const string ThroughputRegression = "PERF2003";
    public const string MeasuringDebugBuild = "PERF2101";
    public const string AllocationRegression = "PERF2004";
    public const string CpuRegression = "PERF2005";

    // PERF9xxx: configuration and infrastructure (errors).
    public const string ConfigFileMissing = "PERF9001";
    public const string InvalidConfiguration = "PERF9002";
    public const string TargetUnreachable = "PERF9003";
    public const string ServiceFailedToStart = "PERF9004";
    public const string ServiceNeverHealthy = "PERF9005";
    public const string EngineFailed = "PERF9006";
    public const string ResultsUnusable = "PERF9007";
    public const string ComposeFailed = "PERF9008";
    public const string InvalidGateProperty = "PERF9009";
    public const string EngineInternalError = "PERF9010";
    public const string EngineInterrupted = "PERF9011";
    public const string HealthPathNotMapped = "PERF9012";
    public const string ValidationFailed = "PERF9014";
    public const string MergeInputInvalid = "PERF9019";
    public const string MergeWithLoadProperty = "PERF9020";
    public const string BaseBuildFailed = "PERF9016";
    public const string CompareSetupFailed = "PERF9017";
}
