using System.Text.Json;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// An await predicate with its variables substituted for one await: what the receive loop tests each
/// arriving message against. Testing reads the parsed message in place and allocates nothing.
/// </summary>
internal sealed class BoundPredicate(IReadOnlyList<(string[] Path, bool Equal, ExpectedValue Value)> clauses)
{
    public bool Matches(JsonElement message)
    {
        foreach (var (path, equal, expected) in clauses)
        {
            var found = PredicateClause.TryResolve(message, path, out var value) && expected.Matches(value);
            if (found != equal)
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() =>
        string.Join(" && ", clauses.Select(c => $"{string.Join('.', c.Path)} {(c.Equal ? "==" : "!=")} {c.Value}"));
}
