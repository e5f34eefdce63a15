using k8s;
using k8s.Models;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>
/// The <c>k8s</c> manifest, read back with the official Kubernetes client's models in strict mode: an unknown
/// field, a misspelt key or a wrong type anywhere fails, as <c>kubectl apply --validate=strict</c> would.
/// </summary>
public sealed class KubernetesManifestTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);

    private readonly TempConfig _config = new("""
        {
          "baseUrl": "http://127.0.0.1:5000",
          "scenarios": { "s": { "steps": [ { "name": "get", "method": "GET", "path": "/items/{vu}-{seq}" } ] } },
          "profiles": { "open": { "executor": "constant-arrival-rate", "rate": 400, "duration": "1m", "preAllocatedVUs": 16, "maxVUs": 64, "gracefulStop": "10s" } },
          "profile": "open",
          "thresholds": { "http_req_duration": ["p(95)<250"] }
        }
        """);

    public void Dispose() => _config.Dispose();

    private string Generate(Func<KubernetesOptions, KubernetesOptions>? adjust = null) =>
        KubernetesManifest.Generate(
            (adjust ?? (o => o))(new KubernetesOptions { ConfigPath = _config.Path, Parallelism = 8, Image = "registry.local/modulo-perf:1.0", Namespace = "perf" }),
            Now);

    [Fact]
    public void The_manifest_deserialises_strictly_into_a_config_map_a_claim_and_two_jobs()
    {
        var objects = KubernetesYaml.LoadAllFromString(Generate(), strict: true);

        Assert.Collection(
            objects,
            o => Assert.IsType<V1ConfigMap>(o),
            o => Assert.IsType<V1PersistentVolumeClaim>(o),
            o => Assert.Equal("modulo-perf-load", Assert.IsType<V1Job>(o).Metadata.Name),
            o => Assert.Equal("modulo-perf-merge", Assert.IsType<V1Job>(o).Metadata.Name));
        Assert.All(objects.Cast<IMetadata<V1ObjectMeta>>(), o => Assert.Equal("perf", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void The_config_map_carries_the_config_byte_for_byte()
    {
        var configMap = KubernetesYaml.LoadAllFromString(Generate(), strict: true).OfType<V1ConfigMap>().Single();

        Assert.Equal(File.ReadAllText(_config.Path), configMap.Data["perfgate.json"]);
    }

    [Fact]
    public void The_load_job_is_indexed_and_each_pod_runs_its_segment_from_its_completion_index_at_the_shared_start()
    {
        var load = KubernetesYaml.LoadAllFromString(Generate(), strict: true).OfType<V1Job>().First();

        Assert.Equal(("Indexed", 8, 8, 0), (load.Spec.CompletionMode, load.Spec.Completions, load.Spec.Parallelism, load.Spec.BackoffLimit));
        var container = Assert.Single(load.Spec.Template.Spec.Containers);
        Assert.Equal("registry.local/modulo-perf:1.0", container.Image);
        var script = Assert.Single(container.Args);
        Assert.Contains("--segment \"$((JOB_COMPLETION_INDEX + 1))/$SEGMENTS\"", script);
        Assert.Contains("--out \"/results/segment-$JOB_COMPLETION_INDEX\"", script);
        Assert.Equal("8", container.Env.Single(e => e.Name == "SEGMENTS").Value);
        Assert.Equal("2026-11-29T05:02:00Z", container.Env.Single(e => e.Name == "START_AT").Value);
        Assert.Equal("Never", load.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(["/config", "/results"], container.VolumeMounts.Select(m => m.MountPath));
        var claim = load.Spec.Template.Spec.Volumes.Single(v => v.Name == "results").PersistentVolumeClaim.ClaimName;
        Assert.Equal("modulo-perf-results", claim);
    }

    [Fact]
    public void The_merge_job_merges_every_segment_and_waits_no_longer_than_the_planned_end()
    {
        var merge = KubernetesYaml.LoadAllFromString(Generate(o => o with { Parallelism = 3 }), strict: true).OfType<V1Job>().Last();

        var command = Assert.Single(merge.Spec.Template.Spec.Containers).Command;
        // Start 05:02:00 + 1 min of load + 10 s gracefulStop + 2 min margin.
        Assert.Equal(
            ["modulo-perf", "merge", "/results/segment-0", "/results/segment-1", "/results/segment-2", "--config", "/config/perfgate.json",
             "--out", "/results/merged", "--wait-until", "2026-11-29T05:05:10Z"],
            command);
    }

    [Fact]
    public void Each_object_round_trips_through_the_models_unchanged()
    {
        foreach (var original in KubernetesYaml.LoadAllFromString(Generate(), strict: true))
        {
            var yaml = KubernetesYaml.Serialize(original);
            var again = KubernetesYaml.LoadAllFromString(yaml, strict: true).Single();
            Assert.Equal(yaml, KubernetesYaml.Serialize(again));
        }
    }

    [Fact]
    public void A_split_that_leaves_a_pod_without_vus_is_refused_before_anything_is_applied()
    {
        var error = Assert.Throws<ConfigurationException>(() => Generate(o => o with { Parallelism = 100 }));

        Assert.Contains("maxVUs 64", error.Message);
    }
}
