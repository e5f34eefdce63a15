using System.Runtime.CompilerServices;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// One run: compiles the scenarios, lets the profile's executor drive virtual users through them, and meanwhile
/// collects metrics once a second, prints progress every 5 s and checks abortOnFail thresholds every 2 s — all on
/// a background loop, never on a VU's path.
/// </summary>
internal sealed class LoadRun : IIterationHost
{
    private static readonly TimeSpan CollectInterval = TimeSpan.FromSeconds(1);
    private const int ProgressEveryTicks = 5;
    private const int AbortCheckEveryTicks = 2;

    private readonly LoadPlan _plan;
    private readonly MetricRegistry _registry;
    private readonly TextWriter _log;
    private readonly CompiledScenario[] _scenarios;
    private readonly int _stepCount;
    private readonly List<VirtualUser> _vus = new();
    private readonly Series _vusGauge;
    private readonly Series _vusMaxGauge;
    private readonly int _droppedIterations;
    private ThresholdResult? _abortedBy;

    public LoadRun(LoadPlan plan, MetricRegistry registry, TextWriter log)
    {
        _plan = plan;
        _registry = registry;
        _log = log;
        var stepIndex = 0;
        _scenarios = [.. plan.Scenarios.Select(s => new CompiledScenario(
            s, [.. s.Steps.Select(step => StepRunnerFactory.Create(stepIndex++, s.Name, step, plan.Target, registry))], registry))];
        _stepCount = stepIndex;
        _vusGauge = registry.Register(MetricCatalog.Vus, TagSet.Empty);
        _vusMaxGauge = registry.Register(MetricCatalog.VusMax, TagSet.Empty);
        _droppedIterations = registry.Register(MetricCatalog.DroppedIterations, TagSet.Empty).Id;
    }

    /// <summary>Runs the whole schedule. Cancelling <paramref name="cancellation"/> (Ctrl+C) stops the load at once.</summary>
    public async Task<LoadRunOutcome> RunAsync(CancellationToken cancellation)
    {
        var executor = Executor.Create(_plan.Profile, _plan.Segment);
        _registry.SetGauge(_vusMaxGauge, executor.MaxVus);
        using var tokens = new RunTokens(executor.ScheduledDuration, _plan.Profile.GracefulStop);
        using var cancelRegistration = cancellation.Register(tokens.StopNow);
        using var monitorStop = new CancellationTokenSource();
        var progress = new ProgressPrinter(_registry, executor.ScheduledDuration, _log);
        var monitor = Task.Run(() => MonitorAsync(tokens, progress, monitorStop.Token));
        var usage = EngineUsage.Start();
        try
        {
            await executor.RunAsync(this, tokens).ConfigureAwait(false);
        }
        finally
        {
            monitorStop.Cancel();
            var aborted = await monitor.ConfigureAwait(false);
            _registry.Freeze();
            // Before the last collection: closing the VUs' sessions records their last samples (ws_session_duration
            // of sockets open to the end). In parallel, so thousands of closing handshakes overlap.
            await Task.WhenAll(_vus.Select(vu => vu.DisposeAsync().AsTask())).ConfigureAwait(false);
            _registry.Collect();
            _registry.SetGauge(_vusGauge, 0);
            _abortedBy = aborted;
        }
        return new LoadRunOutcome(_abortedBy, cancellation.IsCancellationRequested, _registry.ElapsedSeconds, usage.Stop());
    }

    // Returns the abortOnFail threshold that stopped the run, if one did.
    private async Task<ThresholdResult?> MonitorAsync(RunTokens tokens, ProgressPrinter progress, CancellationToken stop)
    {
        var abortable = _plan.Thresholds.Where(t => t.AbortOnFail).ToArray();
        using var timer = new PeriodicTimer(CollectInterval);
        for (var tick = 1; ; tick++)
        {
            try
            {
                await timer.WaitForNextTickAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            _registry.Collect();
            if (tick % ProgressEveryTicks == 0)
            {
                progress.Print(Volatile.Read(ref _vusGauge.GaugeValue));
            }
            if (tick % AbortCheckEveryTicks == 0)
            {
                foreach (var threshold in abortable.Where(t => _registry.ElapsedSeconds >= t.DelayAbortEval.TotalSeconds))
                {
                    var result = ThresholdEvaluator.Evaluate(threshold, _registry);
                    // Without samples there is nothing to judge yet; the final evaluation will fail it if that stays so.
                    if (!result.Ok && result.Actual is not null)
                    {
                        _log.WriteLine($"[modulo-perf] aborting: abortOnFail threshold {result.Message}");
                        tokens.StopNow();
                        return result;
                    }
                }
            }
        }
    }

    public VirtualUser CreateVirtualUser(int number)
    {
        lock (_vus)
        {
            var vu = new VirtualUser(number, HttpTransportFactory.Create(_plan.BaseUrl, new HttpTransportOptions { Timeout = _plan.RequestTimeout }), _stepCount);
            _vus.Add(vu);
            return vu;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(VirtualUser vu, long intendedStart, CancellationToken hardStop)
    {
        var scenario = _scenarios[vu.NextScenario(_scenarios.Length)];
        vu.BeginIteration(intendedStart);
        try
        {
            foreach (var step in scenario.Steps)
            {
                var carryOn = await step.RunAsync(vu, hardStop).ConfigureAwait(false);
                if (step.ThinkTime > TimeSpan.Zero)
                {
                    await Task.Delay(step.ThinkTime, hardStop).ConfigureAwait(false);
                }
                if (!carryOn)
                {
                    break;
                }
            }
            _registry.AddCounter(scenario.IterationsSeries, 1);
            _registry.RecordTrend(scenario.IterationDurationSeries, Elapsed.MicrosSince(intendedStart));
            if (scenario.ThinkTime > TimeSpan.Zero)
            {
                await Task.Delay(scenario.ThinkTime, hardStop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // Interrupted by the end of the grace period or an abort: the partial iteration is not counted (as in k6).
        }
        finally
        {
            await vu.EndIterationAsync().ConfigureAwait(false);
        }
    }

    public void SetActiveVus(int count) => _registry.SetGauge(_vusGauge, count);

    public void DropIteration() => _registry.AddCounter(_droppedIterations, 1);
}

/// <summary>How a run ended.</summary>
/// <param name="AbortedBy">The abortOnFail threshold that stopped it early, if any.</param>
/// <param name="Cancelled">Stopped by the user (Ctrl+C).</param>
/// <param name="Usage">What the engine spent while the load ran.</param>
internal sealed record LoadRunOutcome(ThresholdResult? AbortedBy, bool Cancelled, double ElapsedSeconds, EngineUsage Usage);
