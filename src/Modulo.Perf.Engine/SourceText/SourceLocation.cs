namespace Modulo.Perf.Engine.SourceText;

/// <summary>A 1-based line and column in a file, the way compilers and MSBuild report positions.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>Formats as MSBuild's canonical <c>file(line,column)</c> origin.</summary>
    public override string ToString() => $"{File}({Line},{Column})";
}
