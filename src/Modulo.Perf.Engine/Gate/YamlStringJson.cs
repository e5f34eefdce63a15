using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// Writes <see cref="YamlText"/>'s double-quoted strings as JSON strings, generated at compile time so that it
/// works in the NativeAOT engine.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class YamlStringJson : JsonSerializerContext
{
    /// <summary>Relaxed: only what JSON must escape is escaped (\" and control characters), so shell scripts stay readable.</summary>
    public static YamlStringJson Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
