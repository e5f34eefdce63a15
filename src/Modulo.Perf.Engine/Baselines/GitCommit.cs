namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The commit a run measured, from the variables CI systems set (GitHub Actions, GitLab, Azure Pipelines,
/// Jenkins); null outside CI. Recorded so a trend point can be traced back to a change.
/// </summary>
public static class GitCommit
{
    private static readonly string[] Variables = ["GITHUB_SHA", "CI_COMMIT_SHA", "BUILD_SOURCEVERSION", "GIT_COMMIT"];

    public static string? FromEnvironment() =>
        Variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
