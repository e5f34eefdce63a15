namespace Modulo.Perf.Build;

/// <summary>
/// How the gate starts the engine the targets chose: <c>modulo-perf.dll</c> on the build's dotnet (the portable
/// engine), or the NativeAOT executable of <c>tools/engine-linux-x64/</c>, started directly.
/// </summary>
public static class EngineCommand
{
    /// <summary>The file to start and its arguments: the engine's own <paramref name="arguments"/>, after the dll for dotnet.</summary>
    /// <exception cref="GateSetupException">A native engine that is not executable and cannot be made so.</exception>
    public static (string FileName, IReadOnlyList<string> Arguments) For(string engine, string dotnetHost, IReadOnlyList<string> arguments)
    {
        if (IsAssembly(engine))
        {
            return (dotnetHost, [engine, .. arguments]);
        }
        EnsureExecutable(engine);
        return (engine, arguments);
    }

    /// <summary>The command line a person types to run the engine, for messages.</summary>
    public static string Display(string engine) => IsAssembly(engine) ? $"dotnet \"{engine}\"" : $"\"{engine}\"";

    private static bool IsAssembly(string engine) => engine.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    // NuGet extracts a package's files without their Unix mode, so the executable arrives without its x bit.
    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GateSetupException(DiagnosticCodes.EngineFailed,
                $"The load engine {path} is not executable and could not be made so ({e.Message}). Run chmod +x on it, or restore the package into a writable folder.");
        }
    }
}
