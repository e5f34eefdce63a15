using System.Diagnostics;
using System.Net;

namespace Modulo.Perf.Build;

/// <summary>
/// Polls a health URL until it answers 2xx, the deadline passes, the service dies, the build is cancelled,
/// or the path turns out not to exist.
/// </summary>
public sealed class HealthProbe(Uri healthUrl, TimeSpan timeout)
{
    /// <summary>
    /// Attempts come every <see cref="FastPollInterval"/> for the first <see cref="FastPollWindow"/>, where most
    /// services become healthy, so one is seen within about 10 ms of it (a refused attempt costs 0.1–0.5 ms of CPU
    /// once the HttpClient is set up, docs/performance.md). After that the wait doubles up to <see cref="MaxPollInterval"/>, so a slow start
    /// costs the service little CPU. Doubling from the start left gaps of 80–100 ms by 150 ms in, just where a
    /// small app comes up.
    /// </summary>
    private static readonly TimeSpan FastPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FastPollWindow = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the path may answer 404 or 405 without a break before the probe gives up on it. A listening
    /// ASP.NET Core app has all its endpoints mapped, so a 404 is final; the grace only covers proxies and
    /// hosts that open their port before the app behind them is routed.
    /// </summary>
    private static readonly TimeSpan PathNotMappedGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <see cref="Outcome.PathNotMapped"/>: the service listens but has no such endpoint (404, 405). Refused
    /// connections and 5xx answers are a service still starting, and are waited for until the deadline.
    /// </summary>
    public enum Outcome { Healthy, TimedOut, ServiceExited, Cancelled, PathNotMapped }

    /// <param name="serviceExited">Checked between attempts so a crashed service fails fast.</param>
    /// <param name="lastAnswer">What the last attempt got: a status code or a connection error.</param>
    public Outcome WaitUntilHealthy(Func<bool> serviceExited, CancellationToken cancellation, out string lastAnswer)
    {
        lastAnswer = "no attempt made";
        using var client = new HttpClient { Timeout = RequestTimeout };
        var clock = Stopwatch.StartNew();
        TimeSpan? notMappedSince = null;
        var pollInterval = FastPollInterval;
        while (clock.Elapsed < timeout)
        {
            if (cancellation.IsCancellationRequested)
            {
                return Outcome.Cancelled;
            }
            if (serviceExited())
            {
                return Outcome.ServiceExited;
            }
            try
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, healthUrl), cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return Outcome.Healthy;
                }
                lastAnswer = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                {
                    notMappedSince ??= clock.Elapsed;
                    if (clock.Elapsed - notMappedSince >= PathNotMappedGrace)
                    {
                        return Outcome.PathNotMapped;
                    }
                }
                else
                {
                    notMappedSince = null;
                }
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message;
                notMappedSince = null;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                lastAnswer = $"no answer within {RequestTimeout.TotalSeconds:0} s";
                notMappedSince = null;
            }
            catch (OperationCanceledException)
            {
                return Outcome.Cancelled;
            }
            cancellation.WaitHandle.WaitOne(pollInterval);
            if (clock.Elapsed >= FastPollWindow)
            {
                pollInterval = TimeSpan.FromTicks(Math.Min(pollInterval.Ticks * 2, MaxPollInterval.Ticks));
            }
        }
        return Outcome.TimedOut;
    }

    /// <summary>The PERF9012 error: which path, which property, and the usual reason an app does not map it.</summary>
    public static GateSetupException PathNotMappedError(Uri healthUrl, string lastAnswer, string serviceOutput) =>
        new(DiagnosticCodes.HealthPathNotMapped,
            $"The service is listening but {healthUrl.AbsolutePath} answers {lastAnswer}: the app maps no such health endpoint. "
            + "Set PerfGateHealthPath to a path it maps (<PerfGateHealthPath>/alive</PerfGateHealthPath>, or -p:PerfGateHealthPath=/alive), "
            + "or map one in every environment (app.MapHealthChecks(\"/health\")). "
            + ".NET Aspire's MapDefaultEndpoints maps /health and /alive only in the Development environment, "
            + "and the gate starts the app in Production. Its last output:"
            + Environment.NewLine + serviceOutput);
}
