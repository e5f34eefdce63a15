namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Replaces a file so that readers see the old bytes or the new ones, never a mix: the new content goes to a
/// temporary file in the same directory, is flushed to disk, then renamed over the target (rename is atomic
/// within a file system). A crash mid-write leaves at worst a stray temporary file, never a truncated target.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
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
