namespace Modulo.Perf.Engine.Http;

/// <summary>A request encoded for one transport, reusable for as many sends as the step makes.</summary>
public abstract class PreparedRequest(string method, string pathAndQuery)
{
    public string Method { get; } = method;
    public string PathAndQuery { get; } = pathAndQuery;
}
