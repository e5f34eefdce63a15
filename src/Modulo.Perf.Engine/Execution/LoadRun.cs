using System.Runtime.CompilerServices;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// One run: compiles the scenarios, runs the run's setup, lets the profile's executor drive virtual users through
/// the scenarios (each VU's scenario setup first), runs the teardown, and meanwhile
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
    private readonly RunVariables _run;
    private readonly ScenarioPicker _picker;
    private readonly CompiledScenario[] _scenarios;
    private readonly RunHook _setup;
    private readonly RunHook _teardown;
    private readonly int _stepCount;
    private readonly List<VirtualUser> _vus = new();
    private readonly Series _vusGauge;
    private readonly Series _vusMaxGauge;
    private readonly Series _vusReachedGauge;
    private readonly Series _connectionsOpenedGauge;
    private readonly Series _connectionsPeakGauge;
    private readonly ConnectionTally _connections = new();
    private int _vusReached;
    private readonly int _droppedIterations;
    private ThresholdResult? _abortedBy;
    private RunTokens? _tokens;
    private readonly bool _isWarmup;
    private readonly WarmedUsers? _warmedUp;

    /// <param name="warmedUp">The warm-up this load continues: its run and users are taken over, and the run's setup is not run again.</param>
    public LoadRun(LoadPlan plan, MetricRegistry registry, TextWriter log, WarmedUsers? warmedUp = null)
        : this(plan, registry, log, isWarmup: false, warmedUp)
    {
    }

    private LoadRun(LoadPlan plan, MetricRegistry registry, TextWriter log, bool isWarmup, WarmedUsers? warmedUp)
    {
        _plan = plan;
        _registry = registry;
        _log = log;
        _isWarmup = isWarmup;
        _warmedUp = warmedUp;
        _run = warmedUp?.Run ?? new RunVariables(plan.Data);
        var stepIndex = 0;
        IStepRunner[] Compile(IEnumerable<StepDefinition> steps, string scenario, string? phase) =>
            [.. steps.Select(step => StepRunnerFactory.Create(stepIndex++, scenario, step, plan.Target, registry, phase, phase is null || plan.IncludeSetupInSlo))];
        int[] Feeds(params IEnumerable<StepDefinition>[] steps) => [.. StepDefinition.FeedsReadBy(steps.SelectMany(s => s)).Select(_run.FeedIndex)];

        _scenarios = [.. plan.Scenarios.Select((s, index) => new CompiledScenario(
            s, index, Compile(s.Setup, s.Name, Phases.Setup), Compile(s.Steps, s.Name, null), Feeds(s.Setup, s.Steps), registry))];
        _setup = new RunHook(plan.Setup, Compile(plan.Setup, Phases.Setup, Phases.Setup), Feeds(plan.Setup));
        _teardown = new RunHook(plan.Teardown, Compile(plan.Teardown, Phases.Teardown, Phases.Teardown), Feeds(plan.Teardown));
        _stepCount = stepIndex;
        _picker = new ScenarioPicker(_scenarios, plan.Scenarios.Any(s => s.Weight is not null));
        _vusGauge = registry.Register(MetricCatalog.Vus, TagSet.Empty);
        _vusMaxGauge = registry.Register(MetricCatalog.VusMax, TagSet.Empty);
        _vusReachedGauge = registry.Register(MetricCatalog.VusReached, TagSet.Empty);
        _connectionsOpenedGauge = registry.Register(MetricCatalog.HttpConnsOpened, TagSet.Empty);
        _connectionsPeakGauge = registry.Register(MetricCatalog.HttpConnsPeak, TagSet.Empty);
        _droppedIterations = registry.Register(MetricCatalog.DroppedIterations, TagSet.Empty).Id;
    }

    /// <summary>
    /// A warm-up: it runs the run's setup but not its teardown, and its outcome hands the run and its users to the
    /// measured load (<see cref="LoadRunOutcome.Handover"/>).
    /// </summary>
    public static LoadRun WarmUp(LoadPlan plan, MetricRegistry registry, TextWriter log) => new(plan, registry, log, isWarmup: true, warmedUp: null);

    /// <summary>Runs the whole schedule. Cancelling <paramref name="cancellation"/> (Ctrl+C) stops the load at once.</summary>
    public async Task<LoadRunOutcome> RunAsync(CancellationToken cancellation)
    {
        AssemblyPreload.EnsureLoaded();
        // The run's own user: {vu} is 0 there, and what its setup captures every VU reads.
        await using var hooks = new VirtualUser(-1, CreateTransport, _stepCount, _run);
        if (_warmedUp is null && await RunHookAsync(hooks, _setup, cancellation).ConfigureAwait(false) is { } setupFailure)
        {
            _registry.Freeze();
            _registry.Collect();
            return new LoadRunOutcome(null, cancellation.IsCancellationRequested, _registry.ElapsedSeconds, EngineUsage.Start().Stop())
            {
                SetupFailure = setupFailure,
            };
        }
        foreach (var (name, value) in hooks.Variables)
        {
            _run.Shared[name] = value;
        }

        var executor = Executor.Create(_plan.Profile, _plan.Segment);
        using var tokens = new RunTokens(executor.ScheduledDuration, _plan.Profile.GracefulStop);
        _tokens = tokens;
        using var cancelRegistration = cancellation.Register(tokens.StopNow);
        // Disposing the timer ends the monitor: its pending wait returns false. Cancelling the wait instead would throw
        // an OperationCanceledException whose stack trace (with file and line) loads System.Reflection.Metadata and
        // reads the engine's PDB, about 2 MB of peak memory for an exception nobody sees.
        using var collectTimer = new PeriodicTimer(CollectInterval);
        var progress = new ProgressPrinter(_registry, executor.ScheduledDuration, _log);
        var monitor = Task.Run(() => MonitorAsync(tokens, progress, collectTimer));
        var usage = EngineUsage.Start();
        try
        {
            await executor.RunAsync(this, tokens).ConfigureAwait(false);
        }
        finally
        {
            collectTimer.Dispose();
            var aborted = await monitor.ConfigureAwait(false);
            _registry.Freeze();
            // After the freeze: the teardown is measured but does not stretch the run's clock (and its throughput).
            if (!_isWarmup && !cancellation.IsCancellationRequested && await RunHookAsync(hooks, _teardown, cancellation).ConfigureAwait(false) is { } teardownFailure)
            {
                _log.WriteLine($"[modulo-perf] warning: the run's teardown failed: {teardownFailure.Message}");
            }
            // Before the last collection: closing the VUs' sessions records their last samples (ws_session_duration
            // of sockets open to the end). In parallel, so thousands of closing handshakes overlap.
            await Task.WhenAll(_vus.Select(vu => vu.DisposeAsync().AsTask())).ConfigureAwait(false);
            RecordReach();
            _registry.Collect();
            _registry.SetGauge(_vusGauge, 0);
            _abortedBy = aborted;
        }
        return new LoadRunOutcome(_abortedBy, cancellation.IsCancellationRequested, _registry.ElapsedSeconds, usage.Stop())
        {
            Handover = _isWarmup ? new WarmedUsers(_run, _vus) : null,
        };
    }

    // Returns the abortOnFail threshold that stopped the run, if one did.
    private async Task<ThresholdResult?> MonitorAsync(RunTokens tokens, ProgressPrinter progress, PeriodicTimer timer)
    {
        var abortable = _plan.Thresholds.Where(t => t.AbortOnFail).ToArray();
        for (var tick = 1; await timer.WaitForNextTickAsync().ConfigureAwait(false); tick++)
        {
            RecordReach();
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
        return null;
    }

    // What the load actually reached, beside the plan: VUs that began an iteration and the connections they opened.
    private void RecordReach()
    {
        _registry.SetGauge(_vusReachedGauge, Volatile.Read(ref _vusReached));
        _registry.SetGauge(_connectionsOpenedGauge, _connections.Opened);
        _registry.SetGauge(_connectionsPeakGauge, _connections.Peak);
    }

    public VirtualUser CreateVirtualUser(int number)
    {
        lock (_vus)
        {
            var vu = new VirtualUser(number, CreateTransport, _stepCount, _run);
            if (_warmedUp?.Find(number) is { } warmedUp)
            {
                vu.ContinueFrom(warmedUp);
            }
            _vus.Add(vu);
            // The VUs actually created, not the plan's maximum: a plan too big for the machine shows what it reached.
            _registry.SetGauge(_vusMaxGauge, _vus.Count);
            return vu;
        }
    }

    private IHttpTransport CreateTransport(HttpProtocolVersion version) =>
        HttpTransportFactory.Create(_plan.BaseUrl, new HttpTransportOptions
        {
            Timeout = _plan.RequestTimeout,
            MaxResponseBody = _plan.MaxResponseBody,
            UserAgent = _plan.UserAgent,
            Version = version,
            Tls = _plan.Tls,
            Connections = _connections,
        });

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(VirtualUser vu, long intendedStart, CancellationToken hardStop)
    {
        if (_picker.Pick(vu) is not { } scenario)
        {
            // Every scenario has run out of unique rows: nothing is left to run.
            _tokens!.EndSchedule();
            return;
        }

        vu.BeginIteration(intendedStart);
        if (vu.IterationsInRun == 1)
        {
            Interlocked.Increment(ref _vusReached);
        }
        if (vu.TakeRows(scenario.Feeds) is var exhausted and >= 0)
        {
            StopScenario(scenario, _run.Feeds[exhausted].Feed);
            return;
        }

        try
        {
            if (scenario.Setup.Length > 0 && !vu.HasSetUp(scenario.Index))
            {
                // A failed setup ends the iteration; the VU tries it again on its next iteration of the scenario.
                if (await RunStepsAsync(vu, scenario.Setup, hardStop).ConfigureAwait(false) is not null)
                {
                    return;
                }

                vu.MarkSetUp(scenario.Index);
            }

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
            var sink = _registry.CurrentSink;
            sink.AddCounter(scenario.IterationsSeries, 1);
            sink.RecordTrend(scenario.IterationDurationSeries, Elapsed.MicrosSince(intendedStart));
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

    private void StopScenario(CompiledScenario scenario, DataFeed feed)
    {
        if (scenario.Stop())
        {
            _log.WriteLine($"[modulo-perf] scenario '{scenario.Name}' stopped: feeder '{feed.Name}' (\"order\": \"unique\") has handed out all {feed.Rows.Count} rows of {feed.File}");
        }
        if (_scenarios.All(s => s.IsStopped))
        {
            _tokens!.EndSchedule();
        }
    }

    // The run's setup or teardown on the run's own user; what failed, or null.
    private async Task<SetupFailure?> RunHookAsync(VirtualUser hooks, RunHook hook, CancellationToken cancellation)
    {
        if (hook.Steps.Length == 0)
        {
            return null;
        }

        hooks.BeginIteration(System.Diagnostics.Stopwatch.GetTimestamp());
        if (hooks.TakeRows(hook.Feeds) is var exhausted and >= 0)
        {
            return new SetupFailure($"feeder '{_run.Feeds[exhausted].Feed.Name}' has no row left", hook.Definitions[0].Location);
        }

        try
        {
            return await RunStepsAsync(hooks, hook.Steps, cancellation).ConfigureAwait(false) is { } failure
                ? new SetupFailure(failure.Message, hook.Definitions[failure.Step].Location)
                : null;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new SetupFailure("cancelled", null);
        }
        finally
        {
            await hooks.EndIterationAsync().ConfigureAwait(false);
        }
    }

    // Setup steps in order; the first failure (a request that failed, a value not captured) stops them and is returned.
    private static async Task<(int Step, string Message)?> RunStepsAsync(VirtualUser vu, IStepRunner[] steps, CancellationToken stop)
    {
        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index];
            vu.LastFailure = null;
            var carryOn = await step.RunAsync(vu, stop).ConfigureAwait(false);
            if (!carryOn || vu.LastFailure is not null)
            {
                return (index, vu.LastFailure ?? $"{step.Name}: the request could not be built (a variable has no value)");
            }

            if (step.ThinkTime > TimeSpan.Zero)
            {
                await Task.Delay(step.ThinkTime, stop).ConfigureAwait(false);
            }
        }
        return null;
    }

    public void SetActiveVus(int count) => _registry.SetGauge(_vusGauge, count);

    public void DropIteration() => _registry.AddCounter(_droppedIterations, 1);
}

/// <summary>How a run ended.</summary>
/// <param name="AbortedBy">The abortOnFail threshold that stopped it early, if any.</param>
/// <param name="Cancelled">Stopped by the user (Ctrl+C).</param>
/// <param name="Usage">What the engine spent while the load ran.</param>
internal sealed record LoadRunOutcome(ThresholdResult? AbortedBy, bool Cancelled, double ElapsedSeconds, EngineUsage Usage)
{
    /// <summary>Why the run's setup failed, in which case no load was sent.</summary>
    public SetupFailure? SetupFailure { get; init; }

    /// <summary>A warm-up's run and users, for the measured load to continue; null for any other run.</summary>
    public WarmedUsers? Handover { get; init; }
}

/// <summary>What failed in the run's setup and where that step is written.</summary>
internal sealed record SetupFailure(string Message, SourceLocation? Location);

/// <summary>The run's setup or teardown: its steps as written (for positions), compiled, and the feeders they read.</summary>
internal sealed record RunHook(IReadOnlyList<StepDefinition> Definitions, IStepRunner[] Steps, int[] Feeds);
