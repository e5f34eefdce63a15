using System.Diagnostics;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// A test that needs a Docker engine with compose and the local ASP.NET base image. It is skipped, saying why,
/// where none answers; .ci/run provides all three through .ci/docker-setup.sh, so in CI it runs for real.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public const string BaseImage = "modulo-perf/aspnet:10.0";

    public DockerFactAttribute()
    {
        if (!Succeeds("info"))
        {
            Skip = "No Docker engine answers `docker info` (set DOCKER_HOST, or run .ci/docker-setup.sh).";
        }
        else if (!Succeeds("compose", "version"))
        {
            Skip = "`docker compose` is not available (.ci/docker-setup.sh installs a CLI plugin shim).";
        }
        else if (!Succeeds("image", "inspect", BaseImage))
        {
            Skip = $"The local base image {BaseImage} is missing (.ci/docker-setup.sh builds it).";
        }
    }

    private static bool Succeeds(params string[] arguments)
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            docker.StandardOutput.ReadToEndAsync();
            docker.StandardError.ReadToEndAsync();
            if (!docker.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }
}
