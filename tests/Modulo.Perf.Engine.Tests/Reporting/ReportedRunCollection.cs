namespace Modulo.Perf.Engine.Tests.Reporting;

/// <summary>The report tests read one shared run instead of loading the machine with a run per test class.</summary>
[CollectionDefinition(Name)]
public sealed class ReportedRunCollection : ICollectionFixture<ReportedRun>
{
    public const string Name = "reported run";
}
