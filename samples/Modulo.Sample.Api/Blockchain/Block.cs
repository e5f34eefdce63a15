using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Modulo.Sample.Api.Blockchain;

/// <summary>
/// A block of the simulated chain. <see cref="Hash"/> is the lowercase hex SHA-256 of the UTF-8 text
/// <c>previousHash + height + timestamp</c> (decimal height, timestamp in Unix milliseconds), so each block
/// commits to its predecessor and anyone can recompute it.
/// </summary>
public sealed record Block(long Height, string Hash, string PreviousHash, long Timestamp, int TransactionCount)
{
    /// <summary>What the genesis block points back to.</summary>
    public static readonly string NoPreviousHash = new('0', 64);

    public static Block Genesis(long timestamp) => Next(height: 0, NoPreviousHash, timestamp, transactionCount: 0);

    public Block Successor(long timestamp, int transactionCount) => Next(Height + 1, Hash, timestamp, transactionCount);

    public static string ComputeHash(string previousHash, long height, long timestamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{previousHash}{height}{timestamp}"))));

    private static Block Next(long height, string previousHash, long timestamp, int transactionCount) =>
        new(height, ComputeHash(previousHash, height, timestamp), previousHash, timestamp, transactionCount);
}
