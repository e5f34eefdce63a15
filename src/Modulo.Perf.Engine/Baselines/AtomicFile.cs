namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Replaces a file so that readers see the old bytes or the new ones, never a mix: the new content goes to a
/// temporary file in the same directory, is flushed to disk, then renamed over the target (rename is atomic
/// within a file system). A crash mid-write leaves at worst a stray temporary file, never a truncated target.
/// </summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Deletes the temporary files a killed writer of <paramref name="path"/> left behind. Only safe while no other
    /// writer can be between its write and its rename, i.e. under the lock that serialises the writers.
    /// </summary>
    public static void RemoveLeftovers(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var leftover in Directory.EnumerateFiles(directory, $".{Path.GetFileName(path)}.*{TemporarySuffix}"))
        {
            File.Delete(leftover);
        }
    }

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            // Only still there when something failed before the rename.
            File.Delete(temporary);
        }
    }
}
