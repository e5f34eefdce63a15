using System.Runtime.InteropServices;

namespace Modulo.Perf.Build.Tests;

/// <summary>Sends SIGINT, what Ctrl+C in a terminal sends to a build, and SIGTERM, what `kill` and CI runners send.</summary>
public static partial class Signals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Interrupt(int pid) =>
        Assert.True(Kill(pid, SigInt) == 0, $"kill({pid}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");

    public static void Terminate(int pid) =>
        Assert.True(Kill(pid, SigTerm) == 0, $"kill({pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
}
