namespace Modulo.Perf.Build.Tests;

/// <summary>The repository checkout the tests run from: the folder that holds Modulo.Perf.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Modulo.Perf.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Modulo.Perf.sln above {AppContext.BaseDirectory}");
    }
}
