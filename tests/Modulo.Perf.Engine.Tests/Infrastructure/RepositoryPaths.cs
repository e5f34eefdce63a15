namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>Files of the repository the tests read in place (schema, samples, examples).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Schema => Path.Combine(Root, "schema", "perfgate.schema.json");

    public static string Examples => Path.Combine(Root, "tests", "Modulo.Perf.Engine.Tests", "Configuration", "Examples");

    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Modulo.Perf.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Modulo.Perf.sln above {AppContext.BaseDirectory}");
    }
}
