using System.Text.Json.Serialization;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// The serializer for partial.json (<see cref="PartialRun"/>), generated at compile time so that it works in the
/// NativeAOT engine. camelCase; fields included because interval rate deltas are value tuples; what has no
/// default must be there and not null, so a damaged file fails when read, not halfway through a merge.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    IncludeFields = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PartialRun))]
internal sealed partial class PartialRunJson : JsonSerializerContext;
