namespace Modulo.Perf.Engine.Reporting;

/// <summary>The reports could not be written or the previous ones removed; the message names the directory and why.</summary>
public sealed class ReportWriteException(string message, Exception inner) : Exception(message, inner);
