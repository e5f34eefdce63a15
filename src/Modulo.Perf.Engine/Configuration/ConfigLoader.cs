using System.Security.Cryptography;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Turns <c>perfgate.json</c> into a validated <see cref="PerfGateConfig"/>, or throws a
/// <see cref="ConfigurationException"/> that names the file, line and column of the first problem.
/// The format is documented in docs/configuration.md and schema/perfgate.schema.json.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] TopLevelProperties =
        ["baseUrl", "suites", "profile", "requestTimeout", "websocketPath", "data", "setup", "teardown", "includeSetupInSlo", "scenarios", "profiles",
         "thresholds", "regression"];

    /// <summary>Reads and validates the file; <c>${env:NAME}</c> in headers comes from the process environment.</summary>
    public static PerfGateConfig Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read configuration file '{fullPath}': {e.Message}");
        }
        return Parse(bytes, fullPath, Environment.GetEnvironmentVariable);
    }

    /// <summary>Validates a config held in memory; <paramref name="sourcePath"/> is the file named in diagnostics.</summary>
    public static PerfGateConfig Parse(byte[] utf8, string sourcePath, Func<string, string?> environment)
    {
        var document = SourceDocument.Parse(sourcePath, utf8);
        var root = new ConfigNode(document, document.Root, "", "the configuration");
        root.RejectUnknownProperties(TopLevelProperties);

        var profiles = root.Property("profiles") is { } profilesNode
            ? profilesNode.Properties().ToDictionary(p => p.Name, p => ProfileLoader.Load(p.Name, p.Value with { What = $"profile '{p.Name}'" }))
            : [];
        var configDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(sourcePath))!;
        var data = root.Property("data") is { } dataNode ? DataLoader.Load(dataNode, configDirectory) : [];
        // The run's setup comes first: what it captures, every scenario and the teardown may read.
        var setupLoader = new StepLoader("the run's setup", environment, [], data);
        var setup = root.Property("setup") is { } setupNode ? ReadSteps(setupNode, setupLoader, "the run's setup", allowEmpty: true) : [];
        var shared = setupLoader.Captured.ToList();

        return new PerfGateConfig
        {
            SourcePath = sourcePath,
            BaseUrl = root.Property("baseUrl") is { } baseUrl ? ReadBaseUrl(baseUrl) : null,
            Suites = root.Property("suites") is { } suites ? ReadSuites(suites) : [],
            Profile = root.Property("profile") is { } profile ? ReadProfileName(profile, profiles) : null,
            RequestTimeout = root.Property("requestTimeout")?.GetPositiveDuration() ?? TimeSpan.FromSeconds(10),
            WebSocketPath = root.Property("websocketPath") is { } wsPath ? ReadWebSocketPath(wsPath) : "/ws",
            Scenarios = root.Property("scenarios") is { } scenarios ? ReadScenarios(scenarios, environment, shared, data) : [],
            Data = data,
            Setup = setup,
            Teardown = root.Property("teardown") is { } teardown
                ? ReadSteps(teardown, new StepLoader("the run's teardown", environment, shared, data), "the run's teardown", allowEmpty: true)
                : [],
            IncludeSetupInSlo = root.Property("includeSetupInSlo")?.GetBoolean() ?? false,
            Profiles = profiles,
            Thresholds = root.Property("thresholds") is { } thresholds ? ThresholdLoader.Load(thresholds) : [],
            Regression = root.Property("regression") is { } regression ? RegressionSettingsLoader.Load(regression) : new RegressionSettings(),
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(utf8)),
        };
    }

    private static string ReadBaseUrl(ConfigNode node)
    {
        var text = node.GetString();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : throw node.Error($"baseUrl must be an absolute http:// or https:// address, not '{text}'");
    }

    private static List<string> ReadSuites(ConfigNode node)
    {
        var suites = new List<string>();
        foreach (var element in node.Elements())
        {
            var suite = element.GetString();
            if (!BuiltInSuites.Names.Contains(suite))
            {
                throw element.Error($"unknown suite '{suite}'{NameSuggester.Hint(suite, BuiltInSuites.Names)}; use {string.Join(", ", BuiltInSuites.Names)}");
            }

            if (suites.Contains(suite))
            {
                throw element.Error($"suite '{suite}' is listed twice");
            }

            suites.Add(suite);
        }
        return suites;
    }

    private static string ReadProfileName(ConfigNode node, Dictionary<string, ProfileDefinition> profiles)
    {
        var name = node.GetString();
        var known = profiles.Keys.Union(ProfileDefinition.BuiltIn.Keys).ToList();
        return known.Contains(name)
            ? name
            : throw node.Error($"unknown profile '{name}'{NameSuggester.Hint(name, known)}; use one of {string.Join(", ", known)}");
    }

    private static string ReadWebSocketPath(ConfigNode node)
    {
        var path = node.GetString();
        return path.StartsWith('/') ? path : throw node.Error($"websocketPath must start with '/', not '{path}'");
    }

    private static List<ScenarioDefinition> ReadScenarios(ConfigNode node, Func<string, string?> environment, List<string> shared, List<DataFeed> data)
    {
        var scenarios = new List<ScenarioDefinition>();
        foreach (var (name, value) in node.Properties())
        {
            var scenario = value with { What = $"scenario '{name}'" };
            scenario.RejectUnknownProperties(["thinkTime", "weight", "setup", "steps", "cookies", "followRedirects"]);
            // One loader for setup and steps: what the setup captures, the steps may read.
            var loader = new StepLoader($"scenario '{name}'", environment, shared, data)
            {
                Cookies = scenario.Property("cookies")?.GetBoolean() ?? true,
                FollowRedirects = scenario.Property("followRedirects") is { } follow
                    ? StepLoader.ReadFollowRedirects(follow)
                    : HttpStepDefinition.DefaultFollowRedirects,
            };
            var setup = scenario.Property("setup") is { } setupNode ? ReadSteps(setupNode, loader, $"the setup of scenario '{name}'", allowEmpty: true) : [];
            scenarios.Add(new ScenarioDefinition
            {
                Name = name,
                Setup = setup,
                Steps = ReadSteps(scenario.RequiredProperty("steps"), loader, $"scenario '{name}'", allowEmpty: false),
                Weight = scenario.Property("weight")?.GetPositiveDouble(),
                ThinkTime = scenario.Property("thinkTime")?.GetDuration() ?? TimeSpan.Zero,
                Location = scenario.Location,
            });
        }
        return scenarios;
    }

    // Setup and teardown (allowEmpty) take HTTP requests only: they run outside any iteration, where a socket has no use.
    private static List<StepDefinition> ReadSteps(ConfigNode node, StepLoader loader, string owner, bool allowEmpty)
    {
        var steps = new List<StepDefinition>();
        foreach (var (element, index) in node.Elements().Select((e, i) => (e, i)))
        {
            var step = loader.Load(element with { What = $"step {index + 1} of {owner}" });
            if (allowEmpty && step is not HttpStepDefinition)
            {
                throw element.Error($"step {index + 1} of {owner} is a WebSocket action; setup and teardown steps are HTTP requests");
            }

            steps.Add(step);
        }
        return steps.Count > 0 || allowEmpty ? steps : throw node.Error($"{owner} needs at least one step");
    }
}
