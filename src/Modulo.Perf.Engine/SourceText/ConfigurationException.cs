namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// Invalid configuration or arguments (exit code 3). Carries the position of the offending text when
/// it came from a file, so the message can be printed as <c>file(line,col): error: message</c>.
/// </summary>
public sealed class ConfigurationException(string message, SourceLocation? location = null) : Exception(message)
{
    public SourceLocation? Location { get; } = location;

    public string Diagnostic => Location is null ? $"error: {Message}" : $"{Location}: error: {Message}";
}
