namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// The first <see cref="PerStep"/> distinct failed requests of each step, kept for the reports. Failures of one
/// kind tend to repeat by the thousand, so only the first few that differ say anything; a step that has its
/// samples costs a failing request one dictionary lookup.
/// </summary>
public sealed class FailureSamples
{
    public const int PerStep = 5;

    /// <summary>How much of a response body a sample keeps.</summary>
    public const int BodyBytes = 512;

    private readonly Dictionary<string, List<FailureSample>> _byStep = new(StringComparer.Ordinal);

    /// <summary>True while the step has room for another sample; lets the caller skip building one.</summary>
    public bool Wants(string step)
    {
        lock (_byStep)
        {
            return !_byStep.TryGetValue(step, out var samples) || samples.Count < PerStep;
        }
    }

    /// <summary>Keeps the sample unless the step has its <see cref="PerStep"/> samples or an equal one.</summary>
    public void Offer(string step, FailureSample sample)
    {
        lock (_byStep)
        {
            if (!_byStep.TryGetValue(step, out var samples))
            {
                _byStep[step] = samples = [];
            }
            if (samples.Count < PerStep && !samples.Contains(sample))
            {
                samples.Add(sample);
            }
        }
    }

    /// <summary>The step's samples in the order they were taken.</summary>
    public IReadOnlyList<FailureSample> For(string step)
    {
        lock (_byStep)
        {
            return _byStep.TryGetValue(step, out var samples) ? [.. samples] : [];
        }
    }
}
