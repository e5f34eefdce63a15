using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Outcome;

/// <summary>Why a run could not produce a verdict on performance (exit 3, 4, 5, 130 or 143).</summary>
public sealed record RunError(string Kind, string Message, SourceLocation? Location)
{
    public const string Configuration = "configuration";
    public const string Unreachable = "unreachable";
    public const string Internal = "internal";
    public const string Interrupted = "interrupted";
    /// <summary>merge's inputs do not make one test: a segment missing or given twice, another test's partial.</summary>
    public const string MergeInput = "merge_input";
}
