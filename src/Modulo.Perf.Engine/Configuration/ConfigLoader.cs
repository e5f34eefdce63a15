using System.Security.Cryptography;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Turns <c>perfgate.json</c> into a validated <see cref="PerfGateConfig"/>, or throws a
/// <see cref="ConfigurationException"/> that names the file, line and column of every problem: each top-level
/// setting, profile, step and threshold is checked on its own, so one run reports all of them.
/// The format is documented in docs/configuration.md and schema/perfgate.schema.json.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] TopLevelProperties =
        ["baseUrl", "suites", "profile", "requestTimeout", "maxResponseBody", "websocketPath", "data", "setup", "teardown", "includeSetupInSlo",
         "scenarios", "profiles", "thresholds", "regression", "httpVersion", "userAgent", .. TlsSettingsLoader.Properties];

    private static readonly Dictionary<string, HttpProtocolVersion> HttpVersions = new(StringComparer.Ordinal)
    {
        ["1.1"] = HttpProtocolVersion.Http11,
        ["2"] = HttpProtocolVersion.Http2,
    };

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
        var errors = new ConfigurationErrors();
        errors.Read(() =>
        {
            root.RejectUnknownProperties(TopLevelProperties);
            return true;
        });

        var profiles = new Dictionary<string, ProfileDefinition>();
        foreach (var (name, value) in errors.Read(() => root.Property("profiles")?.Properties().ToList()) ?? [])
        {
            // An invalid profile is still a known name: "profile" naming it is not a second error.
            profiles[name] = errors.Read(() => ProfileLoader.Load(name, value with { What = $"profile '{name}'" }))!;
        }
        var configDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(sourcePath))!;
        var data = errors.Read(() => root.Property("data") is { } dataNode ? DataLoader.Load(dataNode, configDirectory) : null) ?? [];
        var httpVersion = errors.Read(() => root.Property("httpVersion") is { } version ? ReadHttpVersion(version) : (HttpProtocolVersion?)null)
            ?? HttpProtocolVersion.Http11;
        // The run's setup comes first: what it captures, every scenario and the teardown may read.
        var setupLoader = new StepLoader("the run's setup", environment, [], data) { HttpVersion = httpVersion };
        var setup = errors.Read(() => root.Property("setup") is { } setupNode ? ReadHookSteps(setupNode, setupLoader, "the run's setup") : null) ?? [];
        var shared = setupLoader.Captured.ToList();

        var config = new PerfGateConfig
        {
            SourcePath = sourcePath,
            BaseUrl = errors.Read(() => root.Property("baseUrl") is { } baseUrl ? ReadBaseUrl(baseUrl) : null),
            Suites = errors.Read(() => root.Property("suites") is { } suites ? ReadSuites(suites) : []) ?? [],
            Profile = errors.Read(() => root.Property("profile") is { } profile ? ReadProfileName(profile, profiles) : null),
            RequestTimeout = errors.Read(() => root.Property("requestTimeout")?.GetPositiveDuration()) ?? TimeSpan.FromSeconds(10),
            MaxResponseBody = errors.Read(() => root.Property("maxResponseBody") is { } maxBody ? ReadMaxResponseBody(maxBody) : (int?)null)
                ?? HttpTransportOptions.DefaultMaxResponseBody,
            UserAgent = errors.Read(() => root.Property("userAgent") is { } userAgent ? ReadUserAgent(userAgent) : null) ?? HttpUserAgent.Value,
            WebSocketPath = errors.Read(() => root.Property("websocketPath") is { } wsPath ? ReadWebSocketPath(wsPath) : null) ?? "/ws",
            Scenarios = root.Property("scenarios") is { } scenarios ? ReadScenarios(scenarios, environment, shared, data, httpVersion, errors) : [],
            Data = data,
            Setup = setup,
            Teardown = errors.Read(() => root.Property("teardown") is { } teardown
                ? ReadHookSteps(teardown, new StepLoader("the run's teardown", environment, shared, data) { HttpVersion = httpVersion }, "the run's teardown")
                : null) ?? [],
            IncludeSetupInSlo = errors.Read(() => root.Property("includeSetupInSlo")?.GetBoolean()) ?? false,
            Tls = errors.Read(() => TlsSettingsLoader.Load(root, configDirectory)) ?? TlsSettings.Default,
            Profiles = profiles,
            Thresholds = root.Property("thresholds") is { } thresholds ? ThresholdLoader.Load(thresholds, errors) : [],
            Regression = errors.Read(() => root.Property("regression") is { } regression ? RegressionSettingsLoader.Load(regression) : null) ?? new RegressionSettings(),
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(utf8)),
        };
        errors.ThrowIfAny();
        return config;
    }

    /// <summary>A scenario's default headers: an object of strings whose names do not repeat (ignoring case).</summary>
    private static ConfigNode CheckedHeaders(ConfigNode node)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node.Properties())
        {
            value.GetString();
            if (!names.Add(name))
            {
                throw value.Error($"header '{name}' is given twice (header names ignore case)");
            }
        }
        return node;
    }

    private static string ReadBaseUrl(ConfigNode node)
    {
        var text = node.GetString();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : throw node.Error($"baseUrl must be an absolute http:// or https:// address, not '{text}'");
    }

    private static string ReadUserAgent(ConfigNode node)
    {
        var text = node.GetString();
        return RequestRules.UnsendableHeaderCharacter(text) is var bad and >= 0
            ? throw node.ErrorAt(bad, $"userAgent contains {RequestRules.DescribeCharacter(text, bad)}, which a header cannot carry")
            : text;
    }

    private static int ReadMaxResponseBody(ConfigNode node)
    {
        var text = node.Kind == System.Text.Json.JsonValueKind.Number ? node.Node!.ToJsonString() : node.GetString();
        return ByteSizeParser.TryParse(text, out var bytes) && bytes is > 0 and <= HttpTransportOptions.MaxMaxResponseBody
            ? (int)bytes
            : throw node.Error($"maxResponseBody must be a size from 1 byte to 1GiB, such as 16MiB, 500KB or 1048576, not '{text}'");
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
        return path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
            ? path
            : throw node.Error($"websocketPath must start with a single '/', not '{path}'");
    }

    /// <summary>"1.1" or "2", as strings: a JSON number 1.1 would read as a float and 2.0 would be a different text.</summary>
    private static HttpProtocolVersion ReadHttpVersion(ConfigNode node)
    {
        var text = node.Kind == System.Text.Json.JsonValueKind.Number ? node.Node!.ToJsonString() : node.GetString();
        return node.Kind == System.Text.Json.JsonValueKind.String && HttpVersions.TryGetValue(text, out var version)
            ? version
            : throw node.Error($"httpVersion must be \"1.1\" or \"2\" (a string), not {(node.Kind == System.Text.Json.JsonValueKind.String ? $"'{text}'" : text)}");
    }

    private static List<ScenarioDefinition> ReadScenarios(
        ConfigNode node, Func<string, string?> environment, List<string> shared, List<DataFeed> data, HttpProtocolVersion httpVersion,
        ConfigurationErrors errors)
    {
        var scenarios = new List<ScenarioDefinition>();
        foreach (var (name, value) in errors.Read(node.Properties) ?? [])
        {
            var scenario = value with { What = $"scenario '{name}'" };
            errors.Read(() =>
            {
                scenario.RejectUnknownProperties(["thinkTime", "weight", "setup", "headers", "steps", "cookies", "followRedirects", "httpVersion"]);
                return true;
            });
            var defaultHeaders = errors.Read(() => scenario.Property("headers") is { } headers ? (ConfigNode?)CheckedHeaders(headers) : null);
            var stepsNode = errors.Read(() => (ConfigNode?)scenario.RequiredProperty("steps"));
            if (stepsNode is not { } steps)
            {
                continue;
            }
            // One loader for setup and steps: what the setup captures, the steps may read.
            var loader = new StepLoader($"scenario '{name}'", environment, shared, data, defaultHeaders)
            {
                Cookies = errors.Read(() => scenario.Property("cookies")?.GetBoolean()) ?? true,
                FollowRedirects = errors.Read(() => scenario.Property("followRedirects") is { } follow ? StepLoader.ReadFollowRedirects(follow) : (int?)null)
                    ?? HttpStepDefinition.DefaultFollowRedirects,
                HttpVersion = errors.Read(() => scenario.Property("httpVersion") is { } version ? ReadHttpVersion(version) : (HttpProtocolVersion?)null)
                    ?? httpVersion,
            };
            var setup = errors.Read(() => scenario.Property("setup") is { } setupNode
                ? ReadHookSteps(setupNode, loader, $"the setup of scenario '{name}'")
                : null) ?? [];
            // Each step on its own: a mistake in step 2 does not hide one in step 5.
            var loaded = (errors.Read(steps.Elements) ?? [])
                .Select((step, index) => errors.Read(() => loader.Load(step with { What = $"step {index + 1} of scenario '{name}'" })))
                .ToList();
            if (loaded.Count == 0)
            {
                errors.Read<bool>(() => throw steps.Error($"scenario '{name}' needs at least one step"));
            }
            errors.Read(() =>
            {
                loader.CheckDefaultHeaders();
                return true;
            });

            scenarios.Add(new ScenarioDefinition
            {
                Name = name,
                Setup = setup,
                Steps = [.. loaded.OfType<StepDefinition>()],
                Weight = errors.Read(() => scenario.Property("weight")?.GetPositiveDouble()),
                ThinkTime = errors.Read(() => scenario.Property("thinkTime")?.GetDuration()) ?? TimeSpan.Zero,
                Location = scenario.Location,
            });
        }
        return scenarios;
    }

    // Setup and teardown take HTTP requests only: they run outside any iteration, where a socket has no use.
    private static List<StepDefinition> ReadHookSteps(ConfigNode node, StepLoader loader, string owner)
    {
        var steps = new List<StepDefinition>();
        foreach (var (element, index) in node.Elements().Select((e, i) => (e, i)))
        {
            var step = loader.Load(element with { What = $"step {index + 1} of {owner}" });
            if (step is not HttpStepDefinition)
            {
                throw element.Error($"step {index + 1} of {owner} is a WebSocket action; setup and teardown steps are HTTP requests");
            }

            steps.Add(step);
        }
        return steps;
    }
}
