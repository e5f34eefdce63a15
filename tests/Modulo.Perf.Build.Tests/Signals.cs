using System.Runtime.InteropServices;

namespace Modulo.Perf.Build.Tests;

/// <summary>Sends SIGINT, what Ctrl+C in a terminal sends to a build.</summary>
public static partial class Signals
{
    private const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Interrupt(int pid) =>
        Assert.True(Kill(pid, SigInt) == 0, $"kill({pid}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
}
