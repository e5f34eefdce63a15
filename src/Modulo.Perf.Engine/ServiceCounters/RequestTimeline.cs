namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// How many requests the load had completed at each moment (UTC), sampled a few times a second and read in between
/// by linear interpolation: what puts a count of requests beside a counter interval the service timed itself.
/// </summary>
internal sealed class RequestTimeline
{
    private readonly List<(DateTime At, long Requests)> _samples = new();

    public void Add(DateTime at, long requests)
    {
        if (_samples.Count == 0 || at > _samples[^1].At)
        {
            _samples.Add((at, requests));
        }
    }

    /// <summary>Whether a sample was taken at or after <paramref name="at"/>, so the count there is known, not extrapolated.</summary>
    public bool Reaches(DateTime at) => _samples.Count > 0 && _samples[^1].At >= at;

    /// <summary>The requests completed at <paramref name="at"/>: the first sample's before it, the last one's after it.</summary>
    public double At(DateTime at)
    {
        if (_samples.Count == 0)
        {
            return 0;
        }
        if (at >= _samples[^1].At)
        {
            return _samples[^1].Requests;
        }
        if (at <= _samples[0].At)
        {
            return _samples[0].Requests;
        }
        // The first sample at or after the moment (the samples are in time order).
        int low = 1, after = _samples.Count - 1;
        while (low < after)
        {
            var middle = (low + after) / 2;
            if (_samples[middle].At >= at)
            {
                after = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        var (fromAt, fromRequests) = _samples[after - 1];
        var (toAt, toRequests) = _samples[after];
        var share = (at - fromAt).TotalMilliseconds / (toAt - fromAt).TotalMilliseconds;
        return fromRequests + share * (toRequests - fromRequests);
    }
}
