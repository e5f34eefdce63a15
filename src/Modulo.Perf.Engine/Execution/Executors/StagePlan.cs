namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// A value that moves linearly from stage to stage over time: the VU target of ramping-vus, or the arrival
/// rate (iterations per second) of the arrival-rate executors. For rates, <see cref="TimeOfArrival"/> inverts
/// the integral so iteration k gets its exact intended start time, however the rate ramps.
/// </summary>
internal sealed class StagePlan
{
    private readonly double[] _startTimes;   // seconds, one per stage
    private readonly double[] _startValues;  // value at each stage's start
    private readonly double[] _endValues;
    private readonly double[] _startIntegrals; // integral of the value up to each stage's start
    private int _cursor; // TimeOfArrival is called with increasing k: it never looks back

    public StagePlan(double start, IReadOnlyList<(TimeSpan Duration, double Target)> stages)
    {
        var count = stages.Count;
        _startTimes = new double[count];
        _startValues = new double[count];
        _endValues = new double[count];
        _startIntegrals = new double[count];
        double time = 0, value = start, integral = 0;
        for (var i = 0; i < count; i++)
        {
            var duration = stages[i].Duration.TotalSeconds;
            _startTimes[i] = time;
            _startValues[i] = value;
            _endValues[i] = stages[i].Target;
            _startIntegrals[i] = integral;
            integral += (value + stages[i].Target) / 2 * duration;
            time += duration;
            value = stages[i].Target;
        }
        TotalSeconds = time;
        TotalIntegral = integral;
        Max = Math.Max(start, stages.Count == 0 ? 0 : stages.Max(s => s.Target));
    }

    public double TotalSeconds { get; }

    /// <summary>For rates: the number of iterations the whole plan schedules.</summary>
    public double TotalIntegral { get; }

    public double Max { get; }

    public double ValueAt(double seconds)
    {
        for (var i = 0; i < _startTimes.Length; i++)
        {
            var end = i + 1 < _startTimes.Length ? _startTimes[i + 1] : TotalSeconds;
            if (seconds < end)
            {
                var length = end - _startTimes[i];
                var progress = length <= 0 ? 1 : (seconds - _startTimes[i]) / length;
                return _startValues[i] + (_endValues[i] - _startValues[i]) * progress;
            }
        }
        return _endValues.Length == 0 ? 0 : _endValues[^1];
    }

    /// <summary>
    /// Seconds from the start at which the integral of the rate reaches <paramref name="k"/>, i.e. when the
    /// k-th iteration (0-based: iteration 0 at the start) is due; null past the end of the plan.
    /// </summary>
    public double? TimeOfArrival(double k)
    {
        for (; _cursor < _startTimes.Length; _cursor++)
        {
            var i = _cursor;
            var end = i + 1 < _startTimes.Length ? _startTimes[i + 1] : TotalSeconds;
            var duration = end - _startTimes[i];
            var stageIntegral = (_startValues[i] + _endValues[i]) / 2 * duration;
            var needed = k - _startIntegrals[i];
            if (needed < stageIntegral || (needed == 0 && duration > 0))
            {
                // value(x) = a + b x over the stage; solve a x + b x²/2 = needed for x in [0, duration).
                var a = _startValues[i];
                var b = duration <= 0 ? 0 : (_endValues[i] - a) / duration;
                var x = Math.Abs(b) < 1e-12 ? needed / a : (-a + Math.Sqrt(Math.Max(0, a * a + 2 * b * needed))) / b;
                return _startTimes[i] + x;
            }
        }
        return null;
    }
}
