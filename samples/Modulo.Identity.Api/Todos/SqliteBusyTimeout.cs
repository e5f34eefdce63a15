using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Modulo.Identity.Api.Todos;

/// <summary>
/// Sets SQLite's <c>busy_timeout</c> on every connection opened, so a write that finds another one holding the
/// database waits inside SQLite, which retries within milliseconds. Without it SQLite answers "busy" at once and
/// Microsoft.Data.Sqlite retries only after a fixed sleep: the writes' p95 of 16 users creating and deleting todos was
/// about 155 ms against the reads' 15 ms, and several times that on a busy machine.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
