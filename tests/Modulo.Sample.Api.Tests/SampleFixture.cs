namespace Modulo.Sample.Api.Tests;

/// <summary>One healthy sample shared by the tests of <see cref="SampleCollection"/>, which run one at a time.</summary>
public sealed class SampleFixture : IAsyncLifetime
{
    private SampleProcess? _sample;

    public SampleProcess Sample => _sample ?? throw new InvalidOperationException("The sample has not started.");

    public async Task InitializeAsync() => _sample = await SampleProcess.StartHealthyAsync();

    public async Task DisposeAsync()
    {
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }
    }
}
