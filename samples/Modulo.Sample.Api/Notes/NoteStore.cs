using Microsoft.Data.Sqlite;

namespace Modulo.Sample.Api.Notes;

/// <summary>
/// Notes in an embedded SQLite database. Reads run concurrently (WAL lets readers proceed beside the writer);
/// writes are queued in-process, one at a time.
/// </summary>
public sealed class NoteStore
{
    /// <summary>Default location, relative to the content root.</summary>
    public const string DefaultRelativePath = "data/notes.db";

    // Both pragmas are per connection, so every opened connection gets them. busy_timeout makes a writer that
    // meets a lock (another process, a checkpoint) wait instead of failing with SQLITE_BUSY; synchronous=NORMAL
    // is the documented safe setting for WAL and saves an fsync per commit.
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    private const string NoteColumns = "id, title, content, created_at, updated_at";

    private readonly string _connectionString;

    // SQLite admits one writer at a time. Queueing writers here keeps them out of SQLite's sleep-and-retry busy
    // handler, whose back-off would add tens of milliseconds to writes under concurrent load.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private readonly TimeProvider _time;

    public NoteStore(string databasePath, TimeProvider time)
    {
        DatabasePath = databasePath;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>Reads <c>Storage:Path</c> (default <see cref="DefaultRelativePath"/>), relative paths under the content root.</summary>
    public static string ResolvePath(IConfiguration configuration, string contentRootPath)
    {
        var configured = configuration["Storage:Path"];
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultRelativePath : configured;
        return Path.GetFullPath(path, contentRootPath);
    }

    /// <summary>Creates the directory, the file and the table when missing, and switches the file to WAL.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS notes (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                title      TEXT    NOT NULL,
                content    TEXT    NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True when the database answers a query.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notes'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>The newest <paramref name="limit"/> notes, newest first (ids grow with every insert).</summary>
    public async Task<IReadOnlyList<Note>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {NoteColumns} FROM notes ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadNotesAsync(command, cancellationToken);
    }

    public async Task<Note?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {NoteColumns} FROM notes WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadNotesAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<Note> CreateAsync(string title, string content, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var created = await WriteAsync(
            $"INSERT INTO notes (title, content, created_at, updated_at) VALUES ($title, $content, $now, $now) RETURNING {NoteColumns}",
            command =>
            {
                command.Parameters.AddWithValue("$title", title);
                command.Parameters.AddWithValue("$content", content);
                command.Parameters.AddWithValue("$now", now);
            },
            cancellationToken);
        return created.Single();
    }

    /// <summary>Replaces title and content; null when no note has <paramref name="id"/>.</summary>
    public async Task<Note?> UpdateAsync(long id, string title, string content, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var updated = await WriteAsync(
            $"UPDATE notes SET title = $title, content = $content, updated_at = $now WHERE id = $id RETURNING {NoteColumns}",
            command =>
            {
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$title", title);
                command.Parameters.AddWithValue("$content", content);
                command.Parameters.AddWithValue("$now", now);
            },
            cancellationToken);
        return updated.SingleOrDefault();
    }

    /// <summary>Deletes the note; false when no note has <paramref name="id"/>.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync(
            $"DELETE FROM notes WHERE id = $id RETURNING {NoteColumns}",
            command => command.Parameters.AddWithValue("$id", id),
            cancellationToken);
        return deleted.Count == 1;
    }

    private async Task<IReadOnlyList<Note>> WriteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            return await ReadNotesAsync(command, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = ConnectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<Note>> ReadNotesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var notes = new List<Note>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add(new Note(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return notes;
    }
}
