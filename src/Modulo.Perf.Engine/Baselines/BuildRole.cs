namespace Modulo.Perf.Engine.Baselines;

/// <summary>The two sides of an interleaved comparison: the base commit (A) and the change under test (B).</summary>
public enum BuildRole { Base, Head }

public static class BuildRoleExtensions
{
    /// <summary>The name in reports and comparison-results.json, and the value of the <c>{role}</c> placeholder.</summary>
    public static string JsonName(this BuildRole role) => role == BuildRole.Base ? "base" : "head";
}
