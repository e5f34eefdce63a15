using System.Text;
using Modulo.Perf.Engine.Configuration;

namespace Modulo.Perf.Engine.Tests.Configuration;

/// <summary>Loads configs written inline in tests.</summary>
internal static class ConfigText
{
    public const string FileName = "perfgate.json";

    public static PerfGateConfig Parse(string json, Func<string, string?>? environment = null) =>
        ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), FileName, environment ?? (_ => null));

    /// <summary>
    /// Compact notation for the error table: ' stands for " and | for a line break, one character each,
    /// so columns counted in the test text are the columns in the parsed file.
    /// </summary>
    public static string Expand(string compact) => compact.Replace('\'', '"').Replace('|', '\n');
}
