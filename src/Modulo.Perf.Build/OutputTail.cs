namespace Modulo.Perf.Build;

/// <summary>
/// The last lines a child process printed, kept so that a failure can quote them without holding
/// a long run's whole output in memory. Written from output callbacks, read after the fact.
/// </summary>
public sealed class OutputTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);

    public void Add(string line)
    {
        lock (_lines)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first, indented for quoting inside a diagnostic.</summary>
    public string Format()
    {
        lock (_lines)
        {
            return _lines.Count == 0
                ? "  (no output)"
                : string.Join(Environment.NewLine, _lines.Select(line => "  " + line));
        }
    }
}
