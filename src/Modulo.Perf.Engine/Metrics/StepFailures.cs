namespace Modulo.Perf.Engine.Metrics;

/// <summary>Failed requests of one step with one outcome: <c>register → 400 (120)</c>.</summary>
/// <param name="Outcome">The status code the step did not expect (<c>400</c>), or the transport cause when no response arrived (<c>timeout</c>).</param>
public sealed record StepFailures(string Step, string Outcome, long Count)
{
    public override string ToString() => $"{Step} → {Outcome} ({Count.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
}
