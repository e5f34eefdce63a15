using System.Diagnostics;

namespace Modulo.Perf.Build;

/// <summary>Polls a health URL until it answers 2xx, the deadline passes, the service dies, or the build is cancelled.</summary>
public sealed class HealthProbe(Uri healthUrl, TimeSpan timeout)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public enum Outcome { Healthy, TimedOut, ServiceExited, Cancelled }

    /// <param name="serviceExited">Checked between attempts so a crashed service fails fast.</param>
    /// <param name="lastAnswer">What the last attempt got: a status code or a connection error.</param>
    public Outcome WaitUntilHealthy(Func<bool> serviceExited, CancellationToken cancellation, out string lastAnswer)
    {
        lastAnswer = "no attempt made";
        using var client = new HttpClient { Timeout = RequestTimeout };
        var clock = Stopwatch.StartNew();
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
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                lastAnswer = $"no answer within {RequestTimeout.TotalSeconds:0} s";
            }
            catch (OperationCanceledException)
            {
                return Outcome.Cancelled;
            }
            cancellation.WaitHandle.WaitOne(PollInterval);
        }
        return Outcome.TimedOut;
    }
}
