using System.Globalization;
using System.Text.Json;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// The right-hand side of a clause as written: a fixed literal, a bare <c>{var}</c>, or a string literal
/// with <c>{var}</c> placeholders inside (<c>"{seq}.1"</c>), resolved when an await starts.
/// </summary>
internal sealed record PredicateLiteral(ExpectedValue? Fixed, string? Variable, TemplateString? Template)
{
    public bool IsConstant => Fixed is not null;

    /// <exception cref="KeyNotFoundException">A variable has no value (e.g. its capture failed).</exception>
    public ExpectedValue Resolve(Func<string, string?> lookup) =>
        Fixed ?? (Variable is { } name
            ? ExpectedValue.OfText(lookup(name) ?? throw new KeyNotFoundException($"variable '{name}' has no value"))
            : ExpectedValue.OfString(Template!.Render(lookup)));
}

/// <summary>One <c>path == literal</c> or <c>path != literal</c> of an await predicate.</summary>
/// <param name="Path">Member names from the message's root; a segment of digits also indexes an array.</param>
internal sealed record PredicateClause(string[] Path, bool Equal, PredicateLiteral Literal)
{
    /// <summary>
    /// Finds the value at <see cref="Path"/>. A message without it matches no <c>==</c> and every <c>!=</c>.
    /// </summary>
    public static bool TryResolve(JsonElement root, string[] path, out JsonElement value)
    {
        value = root;
        foreach (var segment in path)
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var member))
            {
                value = member;
            }
            else if (value.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
