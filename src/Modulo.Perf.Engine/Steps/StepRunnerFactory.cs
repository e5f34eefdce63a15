using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Steps.Http;
using Modulo.Perf.Engine.Steps.WebSockets;

namespace Modulo.Perf.Engine.Steps;

/// <summary>Turns a step definition into the runner for its protocol.</summary>
internal static class StepRunnerFactory
{
    /// <param name="phase">"setup" or "teardown" for setup steps (HTTP only, checked when the config is loaded), null for the load.</param>
    /// <param name="feedsSlo">Whether the step's requests feed the slo_*_latency trends.</param>
    public static IStepRunner Create(int index, string scenario, StepDefinition step, StepTarget target, MetricRegistry registry,
        string? phase = null, bool feedsSlo = true) => step switch
        {
            HttpStepDefinition http => new HttpStepRunner(index, scenario, http, target, registry, phase, feedsSlo),
            WebSocketStepDefinition ws => WebSocketStepRunner.Create(scenario, ws, target, registry),
            _ => throw new ConfigurationException($"Step '{step.Name}' of scenario '{scenario}': {step.GetType().Name} is not supported by this engine build.", step.Location),
        };
}
