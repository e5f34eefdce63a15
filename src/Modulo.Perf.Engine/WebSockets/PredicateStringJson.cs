using System.Text.Json.Serialization;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// Reads and writes the JSON string literals of await predicates (their escapes are JSON's), generated at compile
/// time so that it works in the NativeAOT engine.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class PredicateStringJson : JsonSerializerContext;
