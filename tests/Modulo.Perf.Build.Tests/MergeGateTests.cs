using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Error = Microsoft.Build.Logging.StructuredLogger.Error;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// A segmented test end to end through the packed package: the consumer service runs once, three engine
/// processes (the package's own engine) each drive their segment of the load at it, and
/// <c>dotnet build -t:PerfGate -p:PerfGateMergeFrom=...</c> merges their partial results into build diagnostics.
/// </summary>
[Collection(PackedGateCollection.Name)]
public sealed class MergeGateTests(PackedGateFixture fixture)
{
    private static readonly TimeSpan ServiceStartTimeout = TimeSpan.FromSeconds(60);

    private ConsumerProject Consumer => fixture.Consumer;

    [Fact]
    public async Task Three_segments_merged_through_MSBuild_fail_the_threshold_at_its_line_and_a_missing_segment_is_PERF9019()
    {
        var config = WriteConfig("perfgate.segmented.json", "p(95)<5");
        var (line, column) = ConsumerProject.PositionOf(config, "p(95)<5");
        var segments = Enumerable.Range(1, 3).Select(i => Path.Combine(Consumer.Directory, "segments", $"part-{i}")).ToList();
        using (var build = new DotnetCommand(["build", Consumer.ProjectFile, "-nr:false"], Consumer.Directory, GateRun.Environment(Consumer)))
        {
            Assert.True(await build.WaitAsync(GateRun.BuildTimeout) == 0, build.Output);
        }
        var port = FreePort();
        using (var service = new DotnetCommand([Path.Combine(Consumer.Directory, "bin", "Debug", "net10.0", $"{ConsumerProject.Name}.dll")], Consumer.Directory,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["CONSUMER_READ_DELAY_MS"] = "30" }))
        {
            await WaitHealthyAsync(port, service);
            var startAt = DateTimeOffset.UtcNow.AddSeconds(6).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var runs = segments.Select((directory, i) => new DotnetCommand(
                [EngineAssembly(), "run", "--config", config, "--base-url", $"http://127.0.0.1:{port}", "--out", directory, "--segment", $"{i + 1}/3", "--start-at", startAt],
                Consumer.Directory)).ToList();
            try
            {
                foreach (var run in runs)
                {
                    Assert.True(await run.WaitAsync(GateRun.BuildTimeout) == 0, run.Output);
                }
            }
            finally
            {
                runs.ForEach(run => run.Dispose());
            }
        }

        var merged = await GateRun.RunAsync(Consumer, "merged", $"-p:PerfGateConfig={config}", $"-p:PerfGateMergeFrom={string.Join("%3B", segments)}");

        Assert.True(merged.ExitCode != 0, merged.ToString());
        var error = Assert.Single(merged.PerfDiagnostics);
        Assert.IsType<Error>(error);
        Assert.Equal("PERF1001", error.Code);
        Assert.Equal((config, line, column), (error.File, error.LineNumber, error.ColumnNumber));
        // Three VUs, one per segment, each about 30 ms a request for 3 s: the merged count is all of theirs.
        Assert.Matches(@"over \d{2,3} requests", error.Text);

        File.Delete(Path.Combine(segments[1], "partial.json"));
        var incomplete = await GateRun.RunAsync(Consumer, "incomplete", $"-p:PerfGateConfig={config}", $"-p:PerfGateMergeFrom={string.Join("%3B", segments)}");

        var missing = Assert.Single(incomplete.PerfDiagnostics);
        Assert.Equal("PERF9019", missing.Code);
        Assert.Contains("segment 2 of 3 (1/3:2/3) is missing", missing.Text);
    }

    [Fact]
    public async Task A_load_property_beside_PerfGateMergeFrom_is_PERF9020()
    {
        var config = WriteConfig("perfgate.merge-vus.json", "p(95)<500");

        var run = await GateRun.RunAsync(Consumer, "merge-vus", $"-p:PerfGateConfig={config}", "-p:PerfGateMergeFrom=segments/none", "-p:PerfGateVus=4");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9020", error.Code);
        Assert.StartsWith("PerfGateVus is set together with PerfGateMergeFrom", error.Text);
    }

    // Three VUs so that each of three segments gets one.
    private string WriteConfig(string fileName, string readLatencyThreshold)
    {
        var path = Consumer.WriteConfig(fileName, readLatencyThreshold);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"vus\": 1", "\"vus\": 3", StringComparison.Ordinal));
        return path;
    }

    private string EngineAssembly() =>
        Path.Combine(Consumer.PackagesDirectory, "modulo.perf.build", fixture.PackageVersion, "tools", "engine", "modulo-perf.dll");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitHealthyAsync(int port, DotnetCommand service)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ServiceStartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the consumer never answered /health on port {port}:\n{service.Output}");
    }
}
