namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// Invalid configuration or arguments (exit code 3). Carries the position of the offending text when
/// it came from a file, so the message can be printed as <c>file(line,col): error: message</c>. One exception
/// may carry several errors (<see cref="All"/>) when a whole file was checked (<see cref="ConfigurationErrors"/>).
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message, SourceLocation? location = null)
        : base(message)
    {
        Location = location;
        All = [this];
    }

    /// <summary>Several errors at once; the first one's message and position stand for the whole.</summary>
    public ConfigurationException(IReadOnlyList<ConfigurationException> errors)
        : base($"{errors[0].Message} (and {errors.Count - 1} more error(s))")
    {
        Location = errors[0].Location;
        All = errors;
    }

    public SourceLocation? Location { get; }

    /// <summary>Every error this exception stands for, each with its own position; just this one for a single error.</summary>
    public IReadOnlyList<ConfigurationException> All { get; }

    public string Diagnostic => string.Join(Environment.NewLine, All.Select(e => e.Location is null ? $"error: {e.Message}" : $"{e.Location}: error: {e.Message}"));
}
