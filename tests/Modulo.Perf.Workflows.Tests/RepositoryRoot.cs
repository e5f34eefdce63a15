namespace Modulo.Perf.Workflows.Tests;

/// <summary>The repository the tests read in place: the folder holding Modulo.Perf.sln above the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Workflow(string fileName) => System.IO.Path.Combine(Path, ".github", "workflows", fileName);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Modulo.Perf.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Modulo.Perf.sln above {AppContext.BaseDirectory}");
    }
}
