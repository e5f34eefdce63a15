using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Execution;

/// <summary>Turns a step definition into the runner for its protocol.</summary>
internal static class StepRunnerFactory
{
    public static IStepRunner Create(int index, string scenario, StepDefinition step, LoadPlan plan, MetricRegistry registry) => step switch
    {
        HttpStepDefinition http => new HttpStepRunner(index, scenario, http, registry),
        WebSocketStepDefinition ws => WebSocketStepRunner.Create(scenario, ws, plan, registry),
        _ => throw new ConfigurationException($"Step '{step.Name}' of scenario '{scenario}': {step.GetType().Name} is not supported by this engine build.", step.Location),
    };
}
