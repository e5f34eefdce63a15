namespace Modulo.Sample.Api.Tests;

/// <summary>
/// Tests against the shared healthy sample. They run sequentially, so one test's notes or sync cannot
/// disturb another's expectations (an idle notes topic, a sync starting from idle).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleCollection : ICollectionFixture<SampleFixture>
{
    public const string Name = "healthy sample";
}
