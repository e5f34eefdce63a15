using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The serializer for performance-baselines.json, generated at compile time so that it works in the NativeAOT
/// engine, where reflection-based serialization is disabled. snake_case properties, dictionary keys as written
/// (suite and metric names), indented; what has no default must be there and not null. The relaxed encoder,
/// which the attribute cannot carry, is added by <see cref="BaselineStore"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BaselineFile))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class BaselineJson : JsonSerializerContext;
