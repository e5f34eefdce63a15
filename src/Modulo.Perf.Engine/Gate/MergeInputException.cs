namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// merge's inputs do not make one complete test (a segment missing or given twice, a partial of another test or
/// sequence, a damaged partial.json): exit 3 like a configuration error, but its own kind in results.json
/// (<c>merge_input</c>) so the MSBuild gate can say which (PERF9019).
/// </summary>
public sealed class MergeInputException(string message) : Exception(message);
