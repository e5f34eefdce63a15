using System.Globalization;
using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>k8s</c> command's manifest (docs/distributed.md): a ConfigMap with perfgate.json (and a baseline), a
/// ReadWriteMany claim for the partial results, an Indexed Job whose pod <c>i</c> runs segment i+1 of N from
/// <c>JOB_COMPLETION_INDEX</c> at a shared start time, and a merge Job that waits — bounded by the load's planned
/// end — for every partial result, merges them and exits with the verdict's code. Kubernetes runs it all; nothing
/// here talks to a cluster.
/// </summary>
public static partial class KubernetesManifest
{
    private const string ConfigMount = "/config";
    private const string ResultsMount = "/results";
    private const string ConfigFile = "perfgate.json";
    private const string BaselineFile = "performance-baselines.json";
    // Pods need time to be scheduled and pull the image before the shared start.
    private static readonly TimeSpan DefaultStartDelay = TimeSpan.FromMinutes(2);
    // After the load's planned end (schedule and gracefulStop), how long the merge still waits for stragglers.
    private static readonly TimeSpan MergeMargin = TimeSpan.FromMinutes(2);

    public static string Generate(KubernetesOptions options, DateTimeOffset now)
    {
        if (options.Parallelism is < 1 or > 1000)
        {
            throw new ConfigurationException($"--parallelism {options.Parallelism}: give between 1 and 1000 pods");
        }
        if (!DnsLabel().IsMatch(options.Name))
        {
            throw new ConfigurationException($"--name '{options.Name}' is not a Kubernetes name: lower-case letters, digits and '-', at most 50 characters");
        }
        if (string.IsNullOrWhiteSpace(options.Image))
        {
            throw new ConfigurationException("--image is empty: name the engine image the pods run (deploy/engine.Dockerfile builds one)");
        }
        var config = ConfigLoader.Load(options.ConfigPath);
        var longest = TimeSpan.Zero;
        for (var segment = 1; segment <= options.Parallelism; segment++)
        {
            // Resolving every segment refuses, before anything is applied, a split that cannot run (an open-model
            // segment without VUs) and an invalid --base-url or --profile.
            var plan = LoadPlanResolver.Resolve(config, new RunOptions
            {
                ConfigPath = options.ConfigPath,
                BaseUrl = options.BaseUrl,
                Profile = options.Profile,
                Segment = $"{segment}/{options.Parallelism}",
            });
            var planned = Executor.Create(plan.Profile, plan.Segment).ScheduledDuration + plan.Profile.GracefulStop;
            longest = planned > longest ? planned : longest;
        }
        var startAt = (options.StartAt ?? now + DefaultStartDelay).ToUniversalTime();
        var data = new Dictionary<string, object?> { [ConfigFile] = File.ReadAllText(options.ConfigPath) };
        if (options.BaselinePath is { } baseline)
        {
            // Read (and so checked) as a run would read it: a damaged baseline is refused before anything is applied.
            if (BaselineStore.Read(baseline) is null)
            {
                throw new ConfigurationException($"--baseline '{baseline}' does not exist");
            }
            data[BaselineFile] = File.ReadAllText(baseline);
        }
        return YamlText.Documents(
        [
            Object("v1", "ConfigMap", $"{options.Name}-config", options, new() { ["data"] = data }),
            Object("v1", "PersistentVolumeClaim", $"{options.Name}-results", options, new()
            {
                ["spec"] = Map(
                    ("accessModes", List("ReadWriteMany")),
                    ("resources", Map(("requests", Map(("storage", "1Gi")))))),
            }),
            Object("batch/v1", "Job", $"{options.Name}-load", options, new()
            {
                ["spec"] = Map(
                    ("completionMode", "Indexed"),
                    ("completions", options.Parallelism),
                    ("parallelism", options.Parallelism),
                    // A retried segment would start after the others and skew the merged load: fail it instead,
                    // and the merge names it.
                    ("backoffLimit", 0),
                    ("template", PodTemplate(options, "load", Map(
                        ("name", "load"),
                        ("image", options.Image),
                        ("command", List("/bin/sh", "-c")),
                        ("args", List(LoadScript(options))),
                        ("env", List(
                            Map(("name", "SEGMENTS"), ("value", options.Parallelism.ToString(CultureInfo.InvariantCulture))),
                            Map(("name", "START_AT"), ("value", Rfc3339(startAt))))),
                        ("volumeMounts", Mounts()))))),
            }),
            Object("batch/v1", "Job", $"{options.Name}-merge", options, new()
            {
                ["spec"] = Map(
                    ("backoffLimit", 0),
                    ("template", PodTemplate(options, "merge", Map(
                        ("name", "merge"),
                        ("image", options.Image),
                        ("command", List([.. MergeCommand(options, startAt + longest + MergeMargin)])),
                        ("volumeMounts", Mounts()))))),
            }),
        ]);
    }

    private static string LoadScript(KubernetesOptions options)
    {
        // JOB_COMPLETION_INDEX counts from 0, --segment from 1.
        var script = $"exec modulo-perf run --config {ConfigMount}/{ConfigFile} --segment \"$((JOB_COMPLETION_INDEX + 1))/$SEGMENTS\" --start-at \"$START_AT\" --out \"{ResultsMount}/segment-$JOB_COMPLETION_INDEX\"";
        if (options.BaseUrl is { } baseUrl)
        {
            script += $" --base-url {ShellQuote(baseUrl)}";
        }
        if (options.Profile is { } profile)
        {
            script += $" --profile {ShellQuote(profile)}";
        }
        return script;
    }

    private static IEnumerable<object?> MergeCommand(KubernetesOptions options, DateTimeOffset waitUntil)
    {
        yield return "modulo-perf";
        yield return "merge";
        for (var index = 0; index < options.Parallelism; index++)
        {
            yield return $"{ResultsMount}/segment-{index}";
        }
        yield return "--config";
        yield return $"{ConfigMount}/{ConfigFile}";
        yield return "--out";
        yield return $"{ResultsMount}/merged";
        yield return "--wait-until";
        yield return Rfc3339(waitUntil);
        if (options.BaselinePath is not null)
        {
            yield return "--baseline";
            yield return $"{ConfigMount}/{BaselineFile}";
        }
    }

    private static Dictionary<string, object?> PodTemplate(KubernetesOptions options, string role, Dictionary<string, object?> container) => Map(
        ("metadata", Map(("labels", Labels(options, role)))),
        ("spec", Map(
            ("restartPolicy", "Never"),
            ("containers", List(container)),
            ("volumes", List(
                Map(("name", "config"), ("configMap", Map(("name", $"{options.Name}-config")))),
                Map(("name", "results"), ("persistentVolumeClaim", Map(("claimName", $"{options.Name}-results")))))))));

    private static List<object?> Mounts() => List(
        Map(("name", "config"), ("mountPath", ConfigMount), ("readOnly", true)),
        Map(("name", "results"), ("mountPath", ResultsMount)));

    private static Dictionary<string, object?> Object(string apiVersion, string kind, string name, KubernetesOptions options, Dictionary<string, object?> body)
    {
        var metadata = Map(("name", name));
        if (options.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }
        metadata["labels"] = Labels(options, null);
        var document = Map(("apiVersion", apiVersion), ("kind", kind), ("metadata", metadata));
        foreach (var (key, value) in body)
        {
            document[key] = value;
        }
        return document;
    }

    private static Dictionary<string, object?> Labels(KubernetesOptions options, string? role)
    {
        var labels = Map(("app.kubernetes.io/name", "modulo-perf"), ("app.kubernetes.io/instance", options.Name));
        if (role is not null)
        {
            labels["app.kubernetes.io/component"] = role;
        }
        return labels;
    }

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    private static List<object?> List(params object?[] items) => [.. items];

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string ShellQuote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
