using System.Text.Json;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// docs/walkthrough.md's end state, run as its reader runs it: the authenticated 16-VU gate on the Identity sample,
/// twice in a row against the same database, with nothing but `dotnet build -t:PerfGate`.
/// </summary>
[Collection(PackedGateCollection.Name)]
public sealed class IdentityWalkthroughTests(PackedGateFixture fixture)
{
    [Fact]
    public async Task The_walkthrough_gate_passes_twice_in_a_row_with_no_failed_request()
    {
        var sample = IdentitySampleCopy.Create(fixture.Root, fixture.Feed);
        // Shorter than the walkthrough's 30 s to keep the suite fast; the latency thresholds are the walkthrough's own.
        string[] properties = [$"-p:ModuloPerfBuildVersion={fixture.PackageVersion}", "-p:PerfGateDuration=8s"];

        foreach (var name in new[] { "identity-first", "identity-second" })
        {
            var run = await GateRun.RunAsync(sample, name, properties);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Empty(run.PerfDiagnostics);
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(sample.Directory, "perf-results", "results.json")));
            var metrics = results.RootElement.GetProperty("metrics");
            // The warm-up registered and logged in the 16 users and began their iterations; the load went on with
            // them (no setup request of its own) and none of its requests failed.
            var warmup = results.RootElement.GetProperty("run").GetProperty("warmup");
            Assert.True(warmup.GetProperty("requests").GetInt64() > 32, run.ToString());
            Assert.Equal(0, warmup.GetProperty("failed").GetInt64());
            var iterations = metrics.GetProperty("iterations").GetProperty("count").GetInt64();
            Assert.True(iterations > 0, run.ToString());
            Assert.Equal(4 * iterations, metrics.GetProperty("http_reqs").GetProperty("count").GetInt64());
            Assert.Equal(0, metrics.GetProperty("http_req_failed").GetProperty("passes").GetInt64());
            Assert.Empty(results.RootElement.GetProperty("failuresByStep").EnumerateArray());
            Assert.True(File.Exists(Path.Combine(sample.Directory, "todos.db")), "The runs share the sample's database file.");
        }
    }
}
