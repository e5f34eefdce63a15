namespace Modulo.Perf.Engine.Steps;

/// <summary>Runs one compiled step of a scenario on a virtual user and records its metrics.</summary>
internal interface IStepRunner
{
    string Name { get; }

    /// <summary>Pause after the step.</summary>
    TimeSpan ThinkTime { get; }

    /// <summary>False ends the iteration early (e.g. a variable the next steps need could not be captured).</summary>
    ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop);
}
