namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>Everything one counter published during the load: its total (increments), its levels, and when.</summary>
internal sealed class CounterTrack(string name, string unit)
{
    private readonly List<(double Seconds, double Value)> _points = new();

    public string Name => name;
    public string Unit => unit;
    public bool IsIncrement { get; private set; }
    public double Total { get; private set; }
    public long Count { get; private set; }
    public double Max { get; private set; } = double.NegativeInfinity;
    public double First { get; private set; }
    public double Last { get; private set; }
    public IReadOnlyList<(double Seconds, double Value)> Points => _points;

    /// <summary>
    /// How much the counter grew during the load, whichever way it is published: the sum of its increments, or
    /// the difference between its last and first level when it publishes a running total.
    /// </summary>
    public double Growth => IsIncrement ? Total : Last - First;

    public void Add(double seconds, CounterReading reading)
    {
        if (_points.Count == 0)
        {
            First = reading.Value;
        }
        IsIncrement = reading.IsIncrement;
        Total += reading.Value;
        Count += reading.Count;
        Max = Math.Max(Max, reading.Value);
        Last = reading.Value;
        _points.Add((seconds, reading.Value));
    }

    public ServiceCounterSummary Summarize() => new(
        name,
        unit,
        IsIncrement ? Total : null,
        _points.Count == 0 ? 0 : Max,
        _points.Count == 0 ? 0 : _points.Average(p => p.Value),
        Last);
}
