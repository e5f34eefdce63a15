namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>
/// Tests that compare measured latencies with known delays run alone: xunit otherwise runs test classes in
/// parallel, and on two cores the other classes' load would show up as latency in these.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
