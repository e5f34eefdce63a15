namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// An await's <c>match</c>, compiled once when the scenario is compiled:
/// <c>type == "pong" &amp;&amp; id == {seq}</c>. See <see cref="MessagePredicateParser"/> for the grammar.
/// </summary>
internal sealed class MessagePredicate
{
    private readonly PredicateClause[] _clauses;
    private readonly BoundPredicate? _constant;

    private MessagePredicate(string text, PredicateClause[] clauses)
    {
        Text = text;
        _clauses = clauses;
        // Without variables every await tests the same thing, so it is bound once for all of them.
        _constant = clauses.All(c => c.Literal.IsConstant) ? Bind(_ => null) : null;
    }

    public string Text { get; }

    /// <exception cref="FormatException">The text is not a predicate; the message gives the character position.</exception>
    public static MessagePredicate Parse(string text) => new(text, [.. MessagePredicateParser.Parse(text)]);

    /// <summary>Substitutes the virtual user's variables for one await.</summary>
    /// <exception cref="KeyNotFoundException">A variable has no value.</exception>
    public BoundPredicate Bind(Func<string, string?> lookup) =>
        _constant ?? new BoundPredicate([.. _clauses.Select(c => (c.Path, c.Equal, c.Literal.Resolve(lookup)))]);

    public override string ToString() => Text;
}
