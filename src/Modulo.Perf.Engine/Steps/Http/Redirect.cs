namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// The request a redirect asks for, as browsers and k6 make it (RFC 9110 §15.4): 303, and 301/302 after a POST,
/// become a GET without a body; 307 and 308 repeat the method and the body.
/// </summary>
internal readonly record struct Redirect(string Method, string PathAndQuery, bool KeepsBody)
{
    /// <summary>
    /// The next request when <paramref name="status"/> redirects to a <paramref name="location"/> on the same origin
    /// as <paramref name="current"/>; null otherwise. A virtual user's connection belongs to its target, so a
    /// redirect to another origin is not followed: its 3xx is the step's answer.
    /// </summary>
    public static Redirect? From(int status, string? location, string method, Uri current)
    {
        if (status is not (301 or 302 or 303 or 307 or 308) || string.IsNullOrWhiteSpace(location)
            || !Uri.TryCreate(current, location, out var next)
            || Uri.Compare(next, current, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return null;
        }
        var becomesGet = status == 303 || (status is 301 or 302 && method == "POST");
        return becomesGet
            ? new Redirect(method == "HEAD" ? "HEAD" : "GET", next.PathAndQuery, KeepsBody: false)
            : new Redirect(method, next.PathAndQuery, KeepsBody: true);
    }
}
