using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Steps.Http;
using Modulo.Perf.Engine.Steps.WebSockets;

namespace Modulo.Perf.Engine.Steps;

/// <summary>Turns a step definition into the runner for its protocol.</summary>
internal static class StepRunnerFactory
{
    public static IStepRunner Create(int index, string scenario, StepDefinition step, StepTarget target, MetricRegistry registry) => step switch
    {
        HttpStepDefinition http => new HttpStepRunner(index, scenario, http, target, registry),
        WebSocketStepDefinition ws => WebSocketStepRunner.Create(scenario, ws, target, registry),
        _ => throw new ConfigurationException($"Step '{step.Name}' of scenario '{scenario}': {step.GetType().Name} is not supported by this engine build.", step.Location),
    };
}
