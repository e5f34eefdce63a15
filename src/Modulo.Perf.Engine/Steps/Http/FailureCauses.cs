using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>The names under which failed requests are counted (the <c>cause</c> tag and results.json's <c>failures</c>).</summary>
internal static class FailureCauses
{
    /// <summary>A response arrived, but with a status the step did not expect.</summary>
    public const string Status = "status";

    /// <summary>The expected status arrived, but a <c>check</c> of a <c>failOnCheck</c> step did not hold.</summary>
    public const string Check = "check";

    public static IReadOnlyList<string> All { get; } = [Status, Check, "timeout", "refused", "reset", "protocol", "other", "too_large", "descriptors"];

    public static string Name(HttpFailureCause cause) => cause switch
    {
        HttpFailureCause.None => Status,
        HttpFailureCause.Timeout => "timeout",
        HttpFailureCause.Refused => "refused",
        HttpFailureCause.Reset => "reset",
        HttpFailureCause.Protocol => "protocol",
        HttpFailureCause.TooLarge => "too_large",
        HttpFailureCause.Descriptors => "descriptors",
        _ => "other",
    };
}
