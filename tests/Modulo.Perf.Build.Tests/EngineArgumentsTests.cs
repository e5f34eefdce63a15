namespace Modulo.Perf.Build.Tests;

/// <summary>The engine's command line as the task builds it from the PerfGate properties.</summary>
public sealed class EngineArgumentsTests
{
    [Fact]
    public void Lists_become_repeated_options_and_the_engine_is_told_msbuild_called_it()
    {
        var arguments = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5000/"), "/p/perf-results")
        {
            Scenarios = "browse; checkout;",
            Suites = "crud-operations",
            BuildConfiguration = "Release",
            TargetFramework = "net10.0",
            AllowFingerprintMismatch = true,
        }.ToList();

        Assert.Equal(
            ["run", "--config", "/p/perfgate.json", "--base-url", "http://127.0.0.1:5000", "--out", "/p/perf-results", "--caller", "msbuild",
             "--build-configuration", "Release", "--target-framework", "net10.0",
             "--scenario", "browse", "--scenario", "checkout", "--suite", "crud-operations", "--allow-fingerprint-mismatch"],
            arguments);
    }

    [Fact]
    public void A_service_is_attached_by_its_pid_or_through_its_diagnostic_port_with_the_meters_either_way()
    {
        var byPid = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5000/"), "/p/out") { ServicePid = 42, ServiceMeters = true }.ToList();
        var byPort = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5000/"), "/p/out") { ServiceDiagnosticPort = "/p/diag/api.sock", ServiceMeters = true }.ToList();
        var neither = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5000/"), "/p/out") { ServiceMeters = true }.ToList();

        Assert.Equal(["--service-pid", "42", "--service-meters"], byPid.Skip(byPid.Count - 3));
        Assert.Equal(["--service-diagnostic-port", "/p/diag/api.sock", "--service-meters"], byPort.Skip(byPort.Count - 3));
        Assert.DoesNotContain("--service-meters", neither);
    }

    [Fact]
    public void A_comparison_passes_both_services_pids_or_neither()
    {
        var both = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5001/"), "/p/out")
        {
            CompareBaseUrl = new Uri("http://127.0.0.1:5000/"),
            CompareBaseServicePid = 41,
            ServicePid = 42,
        }.ToList();
        var headOnly = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5001/"), "/p/out")
        {
            CompareBaseUrl = new Uri("http://127.0.0.1:5000/"),
            ServicePid = 42,
        }.ToList();

        Assert.Equal(["--base-service-pid", "41", "--head-service-pid", "42"], both.Skip(both.Count - 4));
        Assert.DoesNotContain("--head-service-pid", headOnly);
    }

    [Fact]
    public void A_comparison_takes_the_load_duration_and_its_rounds_but_no_baseline()
    {
        var arguments = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5001/"), "/p/out")
        {
            CompareBaseUrl = new Uri("http://127.0.0.1:5000/"),
            Duration = "20s",
            CompareRounds = "8",
            CompareRoundDuration = "2s",
            Baseline = "/p/perf-baselines/b.json",
        }.ToList();

        Assert.Equal(
            ["compare", "--config", "/p/perfgate.json", "--base", "http://127.0.0.1:5000", "--head", "http://127.0.0.1:5001", "--out", "/p/out",
             "--duration", "20s", "--rounds", "8", "--round-duration", "2s"],
            arguments);
    }

    [Fact]
    public void A_compose_comparison_passes_both_diagnostic_ports_or_neither()
    {
        var both = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5001/"), "/p/out")
        {
            CompareBaseUrl = new Uri("http://127.0.0.1:5000/"),
            CompareBaseServiceDiagnosticPort = "/p/obj/perfgate-base/c/diag/api.sock",
            ServiceDiagnosticPort = "/p/diag/api.sock",
            ServiceMeters = true,
        }.ToList();
        var headOnly = new EngineArguments("/p/perfgate.json", new Uri("http://127.0.0.1:5001/"), "/p/out")
        {
            CompareBaseUrl = new Uri("http://127.0.0.1:5000/"),
            ServiceDiagnosticPort = "/p/diag/api.sock",
            ServiceMeters = true,
        }.ToList();

        Assert.Equal(["--base-service-diagnostic-port", "/p/obj/perfgate-base/c/diag/api.sock", "--head-service-diagnostic-port", "/p/diag/api.sock", "--service-meters"],
            both.Skip(both.Count - 5));
        Assert.DoesNotContain("--head-service-diagnostic-port", headOnly);
        Assert.DoesNotContain("--service-meters", headOnly);
    }

    [Theory]
    [InlineData("/src/Consumer.csproj", "base", "consumer-perf-base")]
    [InlineData("/src/My.Api.csproj", "head", "my-api-perf-head")]
    [InlineData("/src/_Odd Name!.csproj", "base", "odd-name--perf-base")]
    public void Each_side_of_a_compose_comparison_is_its_own_compose_project(string projectFile, string role, string expected) =>
        Assert.Equal(expected, ComparedComposeStack.ProjectName(projectFile, role));
}
