namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// The report's stylesheet, inlined into every page so the file stays self-contained (no fetch, no CDN). Chart
/// colours are classes: s1..s5 for series, bad for failures, so every chart reads the same.
/// </summary>
public static class HtmlReportStyles
{
    public const string Css = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
                --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --error: #6e7781; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1040px; padding: 24px; color: var(--fg); background: var(--bg);
               font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        .verdict { border-left: 8px solid var(--error); background: var(--panel); padding: 14px 18px; border-radius: 6px; }
        .verdict.pass { border-color: var(--pass); } .verdict.warn { border-color: var(--warn); }
        .verdict.fail { border-color: var(--fail); } .verdict .headline { font-size: 19px; font-weight: 600; margin: 0; }
        svg.mark { vertical-align: -4px; } svg.mark path { fill: none; stroke: #fff; stroke-width: 2.5; stroke-linecap: round; stroke-linejoin: round; }
        svg.mark.pass circle { fill: var(--pass); } svg.mark.warn circle { fill: var(--warn); }
        svg.mark.fail circle { fill: var(--fail); } svg.mark.error circle { fill: var(--error); }
        .verdict .summary { margin: 4px 0 0; color: var(--muted); }
        dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
        dl.run dt { color: var(--muted); } dl.run dd { margin: 0; }
        /* A table wider than the page column (long selectors, many columns) scrolls inside the column. */
        table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; max-width: 100%; }
        table > tbody { display: table; width: 100%; }
        th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--panel); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .badge { display: inline-block; min-width: 44px; text-align: center; border-radius: 10px; padding: 0 8px;
                 color: #fff; font-size: 12px; font-weight: 600; }
        .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.warn { background: var(--warn); }
        .badge.info { background: var(--error); }
        .notice { border: 1px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
        .note { color: var(--muted); font-size: 12.5px; margin: 4px 0 0; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .frame { fill: none; stroke: var(--muted); stroke-width: 1; }
        svg.chart text { fill: var(--muted); font-size: 11px; font-family: inherit; }
        svg.chart .axis-label { font-size: 12px; } svg.chart .legend { fill: var(--fg); font-size: 12px; }
        svg.chart .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        .s1 { stroke: #0969da; } .s2 { stroke: #8250df; } .s3 { stroke: #bf8700; } .s4 { stroke: #cf222e; }
        svg.chart .marker { stroke: var(--warn); stroke-width: 1.5; stroke-dasharray: 4 3; }
        .s5 { stroke: #1a7f37; } .bad { stroke: #cf222e; stroke-dasharray: 5 3; }
        svg.chart .dot { stroke-width: 2; fill: var(--bg); } svg.chart .dot.s2 { fill: #8250df; }
        footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
        """;
}
