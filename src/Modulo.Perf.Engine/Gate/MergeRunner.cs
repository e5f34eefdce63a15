using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>merge</c> command: the partial results of a segmented test's instances become one run. Histograms and
/// counts are added series by series (no percentile is ever averaged), the thresholds are evaluated once over the
/// sum, the baseline compared, and every report written, with the exit code one run of the whole load would
/// give. Any doubt about the inputs — a segment missing or given twice, a partial of another test — is an
/// invalid-input error (exit 3) that names the segment, never a pass.
/// </summary>
public static class MergeRunner
{
    // Instances told to start together that began further apart than this did not really overlap.
    private const double StartSpreadWarningSeconds = 1;

    private static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(1);

    /// <param name="interrupt">A signal while merge waits or reads ends it as interrupted (exit 130/143), the baseline untouched.</param>
    public static async Task<RunResult> RunAsync(MergeOptions options, TextWriter log, RunInterrupt interrupt)
    {
        var started = DateTimeOffset.UtcNow;
        RunResult result;
        try
        {
            if (options.WaitUntil is { } deadline)
            {
                await WaitForPartialsAsync(options.Directories, deadline, log, interrupt.Token).ConfigureAwait(false);
            }
            result = Merge(options, log, interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.Signal is { } signal)
        {
            result = GateRunner.Interrupted(started, signal, log, before: "the partial results were merged");
        }
        catch (ConfigurationException ex)
        {
            log.WriteLine(ex.Diagnostic);
            result = Invalid(started, new RunError(RunError.Configuration, ex.Message, ex.Location));
        }
        catch (MergeInputException ex)
        {
            log.WriteLine($"error: {ex.Message}");
            result = Invalid(started, new RunError(RunError.MergeInput, ex.Message, null));
        }
        ReportSet.WriteAll(options.OutputDirectory, result);
        return result;
    }

    private static RunResult Invalid(DateTimeOffset started, RunError error) => new()
    {
        Verdict = Verdict.InvalidConfiguration,
        Started = started,
        Errors = [error],
    };

    // Where nothing orders the merge after the load (a Kubernetes Job beside the load's Job), merge waits for the
    // partials, bounded by the load's planned end: a segment that never finishes then fails the merge by name.
    private static async Task WaitForPartialsAsync(IReadOnlyList<string> directories, DateTimeOffset deadline, TextWriter log, CancellationToken cancellation)
    {
        bool AllThere() => directories.All(d => File.Exists(Path.Combine(d, PartialResultsWriter.FileName)));
        if (!AllThere())
        {
            log.WriteLine($"[modulo-perf] waiting until {deadline:u} at most for the partial results of {directories.Count} segments");
        }
        while (!AllThere() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(WaitPoll, cancellation).ConfigureAwait(false);
        }
    }

    private static RunResult Merge(MergeOptions options, TextWriter log, CancellationToken cancellation)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var baseline = BaselineStore.Read(BaselineLocation.Resolve(options.BaselinePath, config.SourcePath));
        var partials = ReadAll(options.Directories);
        var sequence = CheckSegments(partials, options.Directories);
        var first = partials[0].Partial;
        CheckFingerprints(partials, config);

        var metrics = new MetricRegistry();
        foreach (var (_, partial) in partials)
        {
            foreach (var series in partial.Series)
            {
                metrics.Import(
                    series.Metric,
                    new TagSet(series.Tags),
                    series.Histogram is null ? null : HistogramCodec.Decode(series.Histogram),
                    new SeriesCounts(series.Sum ?? 0, series.NonZero ?? 0),
                    series.Value ?? 0);
            }
        }
        var ticks = partials.Max(p => p.Partial.Intervals.Count);
        metrics.ImportIntervals(Enumerable.Range(0, ticks).Select(tick => IntervalStats.Combine(
            [.. partials.Where(p => tick < p.Partial.Intervals.Count).Select(p => p.Partial.Intervals[tick])])));
        var duration = partials.Max(p => p.Partial.DurationSeconds);
        metrics.FreezeAt(duration);

        var starts = partials.Where(p => p.Partial.Clock is not null).Select(p => p.Partial.Clock!.ActualStart).ToList();
        if (starts.Count > 1 && (starts.Max() - starts.Min()).TotalSeconds > StartSpreadWarningSeconds)
        {
            log.WriteLine($"warning: the segments' loads began {(starts.Max() - starts.Min()).TotalSeconds:0.#} s apart; give every instance the same --start-at so they overlap");
        }
        log.WriteLine($"[modulo-perf] merged {partials.Count} segments of {sequence}: {first.Fingerprint.Profile} ({first.Fingerprint.Executor})");
        // The last moment a signal can stop the merge: from here the verdict is judged and the baseline written as one step.
        cancellation.ThrowIfCancellationRequested();

        var load = new MeasuredLoad(
            metrics,
            first.Fingerprint,
            [.. first.Fingerprint.Suites.Concat(first.Fingerprint.Scenarios)],
            partials.Min(p => p.Partial.Started),
            duration,
            partials.Max(p => p.Partial.MachineProbeMs),
            AbortedBy(partials, config, metrics),
            SumUsage(partials.Select(p => p.Partial.Engine)),
            ExecutionTuple.Whole,
            starts.Count > 0 ? new SegmentStart(partials[0].Partial.Clock!.ScheduledStart, starts.Min()) : null);
        return RunJudgement.Judge(config, new BaselineChoice(options.BaselinePath, baseline, options.UpdateBaseline, options.AllowFingerprintMismatch, OptionNames.Cli), load, log);
    }

    private static List<(string Directory, PartialRun Partial)> ReadAll(IReadOnlyList<string> directories)
    {
        if (directories.Count == 0)
        {
            throw new MergeInputException("merge needs the output directories of the segments' runs");
        }
        var partials = new List<(string, PartialRun)>();
        foreach (var directory in directories)
        {
            try
            {
                if (PartialResultsReader.Read(directory) is { } partial)
                {
                    partials.Add((directory, partial));
                }
            }
            catch (FormatException e)
            {
                throw new MergeInputException(e.Message);
            }
        }
        return partials.Count > 0
            ? partials
            : throw new MergeInputException($"none of {string.Join(", ", directories)} holds a {PartialResultsWriter.FileName}: no segment finished its run");
    }

    // Every segment of the sequence exactly once: a hole would judge part of the load as if it were all of it.
    private static ExecutionSegmentSequence CheckSegments(List<(string Directory, PartialRun Partial)> partials, IReadOnlyList<string> directories)
    {
        ExecutionSegmentSequence sequence;
        var tuples = new List<(string Directory, ExecutionTuple Tuple)>();
        try
        {
            sequence = ExecutionSegmentSequence.Parse(partials[0].Partial.Sequence);
            foreach (var (directory, partial) in partials)
            {
                if (partial.Sequence != partials[0].Partial.Sequence)
                {
                    throw new MergeInputException($"{directory} ran segment {partial.Segment} of the sequence {partial.Sequence}, but {partials[0].Directory} ran one of {partials[0].Partial.Sequence}: every instance must use the same --execution-segment-sequence");
                }
                tuples.Add((directory, ExecutionTuple.FromOptions(partial.Segment, partial.Sequence, null)));
            }
        }
        catch (FormatException e)
        {
            throw new MergeInputException(e.Message);
        }
        foreach (var duplicate in tuples.GroupBy(t => t.Tuple.Index).Where(g => g.Count() > 1))
        {
            throw new MergeInputException($"{duplicate.First().Tuple.Name} appears more than once: in {string.Join(" and ", duplicate.Select(t => t.Directory))}");
        }
        var missing = Enumerable.Range(0, sequence.Segments.Count).Where(i => tuples.All(t => t.Tuple.Index != i)).ToList();
        if (missing.Count > 0)
        {
            var withoutPartial = directories.Where(d => partials.All(p => p.Directory != d)).ToList();
            throw new MergeInputException(
                $"{string.Join(", ", missing.Select(i => new ExecutionTuple(sequence, i).Name))} {(missing.Count == 1 ? "is" : "are")} missing: no partial result"
                + (withoutPartial.Count > 0 ? $" ({string.Join(", ", withoutPartial)} {(withoutPartial.Count == 1 ? "has" : "have")} no {PartialResultsWriter.FileName}: its instance did not finish)" : ""));
        }
        return sequence;
    }

    // One test: the same profile, load, selection, target and config as each other, and the config given to merge.
    // Processor counts may differ: each instance brings its own machine, and the whole test's load is the same.
    private static void CheckFingerprints(List<(string Directory, PartialRun Partial)> partials, PerfGateConfig config)
    {
        var (firstDirectory, first) = partials[0];
        foreach (var (directory, partial) in partials)
        {
            var name = $"segment {partial.Segment} ({directory})";
            if (partial.Fingerprint.ConfigHash != config.ContentHash)
            {
                throw new MergeInputException($"{name} ran another configuration than {config.SourcePath} (config hash {partial.Fingerprint.ConfigHash[..Math.Min(12, partial.Fingerprint.ConfigHash.Length)]}): merge with the perfgate.json the instances ran");
            }
            var differences = FingerprintDifferences.Between(first.Fingerprint, partial.Fingerprint with { ProcessorCount = first.Fingerprint.ProcessorCount });
            if (differences.Count > 0)
            {
                throw new MergeInputException($"{name} has another fingerprint than segment {first.Segment} ({firstDirectory}): {string.Join(", ", differences)}");
            }
        }
    }

    // An instance stopped by abortOnFail left its share of the load undone: the merged run was aborted by it too.
    private static ThresholdResult? AbortedBy(List<(string Directory, PartialRun Partial)> partials, PerfGateConfig config, MetricRegistry metrics)
    {
        var aborted = partials.Select(p => p.Partial.AbortedBy).FirstOrDefault(a => a is not null);
        if (aborted is null)
        {
            return null;
        }
        var definition = config.Thresholds.FirstOrDefault(t => t.Selector.Text == aborted.Metric && t.Source == aborted.Expression)
            ?? throw new MergeInputException($"a segment was aborted by the threshold {aborted.Metric}: {aborted.Expression}, which {config.SourcePath} does not define");
        return ThresholdEvaluator.Evaluate(definition, metrics) with { Ok = false, Message = aborted.Message };
    }

    private static EngineUsage? SumUsage(IEnumerable<EngineUsage?> usages)
    {
        var known = usages.OfType<EngineUsage>().ToList();
        return known.Count == 0 ? null : new EngineUsage(
            known.Sum(u => u.CpuSeconds), known.Sum(u => u.AllocatedBytes),
            known.Sum(u => u.Gen0Collections), known.Sum(u => u.Gen1Collections), known.Sum(u => u.Gen2Collections));
    }
}
