using System.Reflection;
using Modulo.Perf.Engine.Gate;
using NetArchTest.Rules;

namespace Modulo.Perf.Engine.Tests.Architecture;

/// <summary>The engine's direction (docs/architecture.md), read from the compiled assembly's type references.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Engine = typeof(GateRunner).Assembly;

    public static TheoryData<string> Folders() => [.. EngineLayers.TopToBottom.SelectMany(row => row)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_no_folder_above_it_or_beside_it(string folder)
    {
        var row = EngineLayers.TopToBottom.Select((folders, index) => (folders, index)).Single(r => r.folders.Contains(folder)).index;
        var forbidden = EngineLayers.TopToBottom.Take(row + 1).SelectMany(r => r).Where(f => f != folder).Select(EngineLayers.Namespace).ToArray();

        var result = Types.InAssembly(Engine).That().ResideInNamespace(EngineLayers.Namespace(folder))
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            $"{folder} uses a folder above or beside it: {string.Join(", ", result.FailingTypeNames ?? [])}. docs/architecture.md says which way is down.");
    }

    [Fact]
    public void Every_engine_folder_has_a_place_in_the_layer_list_and_every_listed_folder_exists()
    {
        var listed = EngineLayers.TopToBottom.SelectMany(row => row).ToHashSet();
        var present = Engine.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(EngineLayers.RootNamespace + ".", StringComparison.Ordinal))
            .Select(ns => ns!.Split('.')[3])
            .ToHashSet();

        Assert.Empty(present.Except(listed));
        Assert.Empty(listed.Except(present));
    }
}
