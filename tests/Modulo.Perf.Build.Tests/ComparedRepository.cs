using System.Diagnostics;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// A git repository made in a temp folder holding a consumer project, for PerfGateCompareWith: commits are made
/// of the consumer's Program.cs with a given extra delay per read, a compile error, or a marker file each started
/// service writes (the path comes from CONSUMER_STARTED_FILE, so <c>{role}</c> in it tells base from head).
/// </summary>
public sealed class ComparedRepository
{
    private readonly string _program;

    private ComparedRepository(ConsumerProject consumer)
    {
        Consumer = consumer;
        _program = File.ReadAllText(ProgramFile);
    }

    private string ProgramFile => Path.Combine(Root, "Program.cs");

    public ConsumerProject Consumer { get; }

    public string Root => Consumer.Directory;

    public static ComparedRepository Create(PackedGateFixture fixture, string name)
    {
        var root = Directory.CreateDirectory(Path.Combine(fixture.Root, name)).FullName;
        var repository = new ComparedRepository(ConsumerProject.Create(root, fixture.Feed, fixture.PackageVersion));
        File.WriteAllText(Path.Combine(repository.Root, ".gitignore"), "bin/\nobj/\nperf-results/\n*.binlog\n");
        repository.Git("init", "--quiet", "--initial-branch=main");
        return repository;
    }

    /// <summary>Commits the consumer with reads <paramref name="extraReadDelayMs"/> slower (or a compile error) and returns the commit.</summary>
    public string Commit(string message, int extraReadDelayMs = 0, bool compileError = false)
    {
        var text = _program
            .Replace("await Task.Delay(readDelay);", "await Task.Delay(readDelay + ExtraReadDelayMs);", StringComparison.Ordinal)
            .Replace("app.Run();", """
                if (Environment.GetEnvironmentVariable("CONSUMER_STARTED_FILE") is { Length: > 0 } started)
                {
                    File.WriteAllText(started, AppContext.BaseDirectory);
                }
                app.Run();
                """, StringComparison.Ordinal);
        text += $"partial class Program {{ const int ExtraReadDelayMs = {extraReadDelayMs}; }}{Environment.NewLine}";
        if (compileError)
        {
            text += $"partial class Program {{ static int Broken = \"not a number\"; }}{Environment.NewLine}";
        }
        File.WriteAllText(ProgramFile, text);
        Git("add", "-A");
        Git("-c", "user.name=perfgate", "-c", "user.email=perfgate@example.invalid", "commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>The worktrees git knows of, beyond the main one.</summary>
    public IReadOnlyList<string> ExtraWorktrees =>
        [.. Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Skip(1)];

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        Assert.True(git.WaitForExit(TimeSpan.FromSeconds(60)), $"git {string.Join(' ', arguments)} did not finish");
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error}");
        return output;
    }
}
