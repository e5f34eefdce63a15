using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// The verdict's mark as inline SVG: a tick, an exclamation mark or a cross in a coloured disc. An emoji would
/// show as an empty box on the CI agents and servers that have no emoji font, where these reports are opened.
/// </summary>
public static class VerdictMark
{
    public static string Svg(Verdict verdict)
    {
        var (css, glyph, label) = verdict switch
        {
            Verdict.Pass => ("pass", "M6 12.5l4 4 8-9", "passed"),
            Verdict.Regression => ("warn", "M12 6v8M12 17.5v.5", "regression"),
            Verdict.SloViolation => ("fail", "M12 6v8M12 17.5v.5", "SLO violated"),
            _ => ("error", "M8 8l8 8M16 8l-8 8", "error"),
        };
        return $"<svg class=\"mark {css}\" viewBox=\"0 0 24 24\" width=\"22\" height=\"22\" role=\"img\" aria-label=\"{label}\">"
            + $"<circle cx=\"12\" cy=\"12\" r=\"11\"/><path d=\"{glyph}\"/></svg>";
    }
}
