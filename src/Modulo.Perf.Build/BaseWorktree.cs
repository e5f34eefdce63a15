namespace Modulo.Perf.Build;

/// <summary>
/// A git worktree of the base ref under the project's obj/, for <c>PerfGateCompareWith</c>: the same repository,
/// another commit, checked out detached so no branch is touched. Disposing removes it (and prunes git's record
/// of it) whatever happened in between.
/// </summary>
public sealed class BaseWorktree : IDisposable
{
    private readonly string _repositoryRoot;
    private readonly Action<string> _log;

    /// <summary>The worktree's root: the repository as it was at the base commit.</summary>
    public string Root { get; }

    public string Commit { get; }

    private BaseWorktree(string repositoryRoot, string root, string commit, Action<string> log)
    {
        _repositoryRoot = repositoryRoot;
        Root = root;
        Commit = commit;
        _log = log;
    }

    /// <param name="intermediateDirectory">The project's obj/ folder; the worktree goes below it.</param>
    public static BaseWorktree Create(string projectDirectory, string baseRef, string intermediateDirectory, Action<string> log, CancellationToken cancellation)
    {
        var toplevel = Git(["rev-parse", "--show-toplevel"], projectDirectory, cancellation);
        if (toplevel.ExitCode != 0)
        {
            throw Failure($"PerfGateCompareWith='{baseRef}' needs the project to be in a git repository, but 'git rev-parse --show-toplevel' in {projectDirectory} failed:{Environment.NewLine}{toplevel.Output}");
        }
        var repositoryRoot = toplevel.Lines[^1].Trim();
        var resolved = Git(["rev-parse", "--verify", "--quiet", $"{baseRef}^{{commit}}"], repositoryRoot, cancellation);
        if (resolved.ExitCode != 0 || resolved.Lines.Count == 0)
        {
            throw Failure($"PerfGateCompareWith='{baseRef}' names no commit of {repositoryRoot}. Pass a commit, a branch or a tag that the checkout has (in CI, fetch the full history: fetch-depth 0).");
        }
        var commit = resolved.Lines[^1].Trim();
        var root = Path.Combine(Path.GetFullPath(intermediateDirectory), "perfgate-base", commit[..12]);
        // A worktree left by a build that was killed outright (no finally ran) would block 'worktree add'.
        RemoveLeftover(repositoryRoot, root, cancellation);
        var added = Git(["worktree", "add", "--detach", "--force", root, commit], repositoryRoot, cancellation);
        if (added.ExitCode != 0)
        {
            throw Failure($"'git worktree add {root} {commit}' failed with exit code {added.ExitCode}:{Environment.NewLine}{added.Output}");
        }
        log($"PerfGate: base {baseRef} ({commit[..12]}) checked out in {root}");
        return new BaseWorktree(repositoryRoot, root, commit, log);
    }

    /// <summary>Where a path of the head's checkout is in the base's.</summary>
    public string Map(string headPath) => Path.Combine(Root, Path.GetRelativePath(_repositoryRoot, headPath));

    /// <summary>Whether the path is inside the repository, so that the base has its own copy of it (<see cref="Map"/>).</summary>
    public bool HasCopyOf(string headPath)
    {
        var relative = Path.GetRelativePath(_repositoryRoot, headPath);
        return !Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        // Never cancelled: the build may be on its way out after Ctrl+C, and the worktree must go anyway.
        var removed = Git(["worktree", "remove", "--force", Root], _repositoryRoot, CancellationToken.None);
        if (removed.ExitCode != 0)
        {
            _log($"PerfGate: 'git worktree remove {Root}' failed ({removed.Output}); deleting the folder instead.");
            RemoveLeftover(_repositoryRoot, Root, CancellationToken.None);
        }
    }

    private static void RemoveLeftover(string repositoryRoot, string root, CancellationToken cancellation)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        Git(["worktree", "prune"], repositoryRoot, cancellation);
    }

    private static ToolCommand.Result Git(IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation) =>
        ToolCommand.Run("git", arguments, workingDirectory, DiagnosticCodes.CompareSetupFailed, cancellation);

    private static GateSetupException Failure(string message) => new(DiagnosticCodes.CompareSetupFailed, message);
}
