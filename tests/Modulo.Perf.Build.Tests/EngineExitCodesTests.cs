using System.Reflection;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Build.Tests;

/// <summary>The task reads the engine's exit codes by name from its own table; this keeps that table the engine's.</summary>
public sealed class EngineExitCodesTests
{
    [Fact]
    public void The_tasks_exit_codes_are_the_engines_by_name_and_value()
    {
        var engine = Constants(typeof(ExitCodes));

        Assert.NotEmpty(engine);
        Assert.Equal(engine, Constants(typeof(EngineExitCodes)));
    }

    private static List<(string Name, int Value)> Constants(Type table) =>
        table.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (field.Name, (int)field.GetRawConstantValue()!))
            .OrderBy(constant => constant.Name, StringComparer.Ordinal)
            .ToList();
}
