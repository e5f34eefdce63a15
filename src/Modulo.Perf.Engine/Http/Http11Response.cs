namespace Modulo.Perf.Engine.Http;

/// <summary>A response read by <see cref="Http11Connection"/>; <see cref="Body"/> points into the connection's buffer.</summary>
internal readonly record struct Http11Response(int StatusCode, ReadOnlyMemory<byte> Body, ResponseHeaders Headers);
