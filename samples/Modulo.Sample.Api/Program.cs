using Modulo.Sample.Api;
using Modulo.Sample.Api.Faults;

try
{
    await using var app = await SampleApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (FaultsConfigurationException error)
{
    // A clear message and a failing exit code, not a stack trace: the gate's users read this.
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    return 1;
}
