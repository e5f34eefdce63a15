using System.CommandLine;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf k8s --config perfgate.json --parallelism 8 --image IMAGE [--namespace N] [--name NAME]
/// [--base-url URL] [--profile NAME] [--baseline FILE] [--start-at TIME]</c>: prints the manifest of a distributed
/// run for <c>kubectl apply -f -</c>.
/// </summary>
internal static class KubernetesCommand
{
    private static readonly Option<string> Config = new("--config", "-c") { Description = "The perfgate.json to run; it goes into the ConfigMap.", Required = true };
    private static readonly Option<int> Parallelism = new("--parallelism") { Description = "Pods of the load Job: the test is split into this many equal segments.", Required = true };
    private static readonly Option<string> Image = new("--image") { Description = "The engine image (deploy/engine.Dockerfile).", Required = true };
    private static readonly Option<string?> Namespace = new("--namespace", "-n") { Description = "Namespace of the objects; default: kubectl's current one." };
    private static readonly Option<string> Name = new("--name") { Description = "Prefix of the objects' names.", DefaultValueFactory = _ => "modulo-perf" };
    private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "Target URL as the pods reach it; overrides the config's baseUrl." };
    private static readonly Option<string?> Profile = new("--profile") { Description = "Profile to run; default the config's." };
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "Baseline file to ship in the ConfigMap for the merge to compare with." };
    private static readonly Option<DateTimeOffset?> StartAt = new("--start-at")
    {
        Description = "Shared start of the load (RFC 3339); default two minutes from now.",
        CustomParser = argument => RunCommand.ParseTime(argument, "--start-at"),
    };

    public static Command Create()
    {
        var command = new Command("k8s", "Print Kubernetes objects (ConfigMap, claim, Indexed Job, merge Job) that run the test split across pods.")
        {
            Config, Parallelism, Image, Namespace, Name, BaseUrl, Profile, Baseline, StartAt,
        };
        command.SetAction(parse =>
        {
            var options = new KubernetesOptions
            {
                ConfigPath = parse.GetRequiredValue(Config),
                Parallelism = parse.GetRequiredValue(Parallelism),
                Image = parse.GetRequiredValue(Image),
                Namespace = parse.GetValue(Namespace),
                Name = parse.GetRequiredValue(Name),
                BaseUrl = parse.GetValue(BaseUrl),
                Profile = parse.GetValue(Profile),
                BaselinePath = parse.GetValue(Baseline),
                StartAt = parse.GetValue(StartAt),
            };
            try
            {
                Console.Out.Write(KubernetesManifest.Generate(options, DateTimeOffset.UtcNow));
                return ExitCodes.Pass;
            }
            catch (ConfigurationException ex)
            {
                Console.Error.WriteLine(ex.Diagnostic);
                return ExitCodes.InvalidConfiguration;
            }
        });
        return command;
    }
}
