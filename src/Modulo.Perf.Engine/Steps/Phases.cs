namespace Modulo.Perf.Engine.Steps;

/// <summary>Values of the <c>phase</c> tag, carried by setup and teardown requests (load requests carry none).</summary>
internal static class Phases
{
    public const string Setup = "setup";
    public const string Teardown = "teardown";
}
