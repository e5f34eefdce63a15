using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// Combines the config with the command line: command-line options win over the profile's values, and
/// <c>--suite</c>/<c>--scenario</c> replace the config's selection. Anything that cannot run is a
/// <see cref="ConfigurationException"/> (exit code 3) before any load is sent.
/// </summary>
public static class LoadPlanResolver
{
    public static LoadPlan Resolve(PerfGateConfig config, RunOptions options)
    {
        var baseUrl = options.BaseUrl ?? config.BaseUrl
            ?? throw new ConfigurationException("no target: set \"baseUrl\" in the configuration or pass --base-url");
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"--base-url '{baseUrl}' is not an absolute http:// or https:// URL");
        }
        var profile = ResolveProfile(config, options);
        return new LoadPlan(
            baseUri,
            SelectScenarios(config, options),
            profile,
            config.Thresholds,
            config.RequestTimeout,
            config.MaxResponseBody,
            config.WebSocketPath,
            ResolveSegment(options, profile))
        {
            Data = config.Data,
            Setup = config.Setup,
            Teardown = config.Teardown,
            IncludeSetupInSlo = config.IncludeSetupInSlo,
            Tls = config.Tls,
            UserAgent = config.UserAgent,
        };
    }

    private static ExecutionTuple ResolveSegment(RunOptions options, ProfileDefinition profile)
    {
        ExecutionTuple segment;
        try
        {
            segment = ExecutionTuple.FromOptions(options.ExecutionSegment, options.ExecutionSegmentSequence, options.Segment);
        }
        catch (FormatException e)
        {
            throw new ConfigurationException(e.Message);
        }
        if (segment.IsWhole)
        {
            return segment;
        }
        if (options.UpdateBaseline)
        {
            throw new ConfigurationException($"--update-baseline does not apply to {segment.Name}: a segment is part of the load; record the baseline with 'modulo-perf merge --update-baseline'");
        }
        // An open-model segment without VUs would drop every iteration it owns: a silent hole in the merged load.
        var maxVus = Math.Max(profile.MaxVus, profile.PreAllocatedVus);
        if (profile.Executor is ExecutorKind.ConstantArrivalRate or ExecutorKind.RampingArrivalRate && segment.Scale(maxVus) == 0)
        {
            throw new ConfigurationException($"profile '{profile.Name}' has maxVUs {maxVus}: {segment.Name} gets none of them and could start none of its iterations; give maxVUs at least {segment.Sequence.Segments.Count}");
        }
        return segment;
    }

    private static IReadOnlyList<ScenarioDefinition> SelectScenarios(PerfGateConfig config, RunOptions options)
    {
        var selectedOnCommandLine = options.Suites.Count > 0 || options.Scenarios.Count > 0;
        var suites = selectedOnCommandLine ? options.Suites : config.Suites;
        var scenarioNames = selectedOnCommandLine ? options.Scenarios : config.Scenarios.Select(s => s.Name).ToList();

        // By name, so selecting each of many thousands of scenarios stays linear.
        var byName = config.Scenarios.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var selected = new List<ScenarioDefinition>();
        foreach (var suite in suites.Distinct())
        {
            if (!BuiltInSuites.Names.Contains(suite))
            {
                throw new ConfigurationException($"--suite '{suite}' is not a built-in suite; use {string.Join(", ", BuiltInSuites.Names)}");
            }
            selected.Add(BuiltInSuites.Get(suite, config.WebSocketPath));
        }
        foreach (var name in scenarioNames.Distinct())
        {
            selected.Add(byName.GetValueOrDefault(name)
                ?? throw new ConfigurationException($"--scenario '{name}' is not defined in {config.SourcePath}; it defines {Names(config.Scenarios.Select(s => s.Name))}"));
        }
        return selected.Count > 0
            ? selected
            : throw new ConfigurationException("nothing to run: the configuration selects no suites and defines no scenarios; add \"suites\" or \"scenarios\", or pass --suite/--scenario");
    }

    private static ProfileDefinition ResolveProfile(PerfGateConfig config, RunOptions options)
    {
        var name = options.Profile ?? config.Profile ?? "smoke";
        var profile = config.Profiles.GetValueOrDefault(name) ?? ProfileDefinition.BuiltIn.GetValueOrDefault(name)
            ?? throw new ConfigurationException($"--profile '{name}' is neither a built-in profile (smoke, normal, stress) nor defined in {config.SourcePath}{(config.Profiles.Count > 0 ? $" ({Names(config.Profiles.Keys)})" : "")}");
        if (options.Vus is { } vus)
        {
            if (vus < 1)
            {
                throw new ConfigurationException("--vus must be at least 1");
            }
            profile = profile.Executor switch
            {
                ExecutorKind.ConstantVus or ExecutorKind.PerVuIterations => profile with { Vus = vus },
                ExecutorKind.ConstantArrivalRate or ExecutorKind.RampingArrivalRate => profile with { PreAllocatedVus = vus, MaxVus = Math.Max(vus, profile.MaxVus) },
                _ => throw new ConfigurationException($"--vus does not apply to profile '{name}' ({profile.Executor.ToName()}): its stages set the VUs"),
            };
        }
        if (options.Duration is { } duration)
        {
            if (duration <= TimeSpan.Zero)
            {
                throw new ConfigurationException("--duration must be positive");
            }
            profile = profile.Executor switch
            {
                ExecutorKind.RampingVus or ExecutorKind.RampingArrivalRate =>
                    throw new ConfigurationException($"--duration does not apply to profile '{name}' ({profile.Executor.ToName()}): its stages set the duration"),
                _ => profile with { Duration = duration },
            };
        }
        return profile;
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.DefaultIfEmpty("none"));
}
