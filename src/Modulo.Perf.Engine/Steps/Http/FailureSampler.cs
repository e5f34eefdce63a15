using System.Text;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// Turns a failed request into a <see cref="FailureSample"/> that is safe to keep in reports and CI artefacts:
/// query values are dropped, and the request's credentials (Authorization, Cookie) are cut out of the response
/// body, where error pages such as ASP.NET Core's developer exception page echo the request headers.
/// </summary>
internal static class FailureSampler
{
    public const string Redacted = "[redacted]";

    /// <summary>Headers whose values are credentials: never stored, and cut out of response bodies.</summary>
    private static readonly string[] SecretHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"];

    /// <summary>Shorter values are too likely to occur in a body by chance to be worth redacting.</summary>
    private const int ShortestSecret = 6;

    /// <param name="cause">The failure cause as counted (<see cref="FailureCauses"/>).</param>
    public static FailureSample Sample(PreparedRequest request, HttpExchange exchange, string cause, IReadOnlyList<string> secrets) => new(
        request.Method,
        PathWithoutQueryValues(request.PathAndQuery),
        exchange.StatusCode,
        cause,
        Body(exchange.Body.Span, secrets));

    /// <summary>
    /// The values of the credential headers among <paramref name="headers"/>, whole and without their scheme
    /// (<c>Bearer</c>), and each cookie's value: the forms in which a server may echo them.
    /// </summary>
    public static IReadOnlyList<string> Secrets(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var secrets = new List<string>();
        foreach (var (name, value) in headers.Where(h => SecretHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
        {
            secrets.Add(value);
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                secrets.Add(value[(space + 1)..]);
            }
            foreach (var cookie in value.Split(';'))
            {
                var equals = cookie.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    secrets.Add(cookie[(equals + 1)..].Trim());
                }
            }
        }
        // Longest first, so a whole value is replaced before the parts it contains.
        return [.. secrets.Where(s => s.Length >= ShortestSecret).Distinct().OrderByDescending(s => s.Length)];
    }

    /// <summary><c>/search?q=secret&amp;page=2</c> becomes <c>/search?q=&amp;page=</c>: the names say which request it was, the values may be tokens.</summary>
    public static string PathWithoutQueryValues(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return pathAndQuery;
        }
        var names = pathAndQuery[(question + 1)..].Split('&').Select(pair => pair.Split('=', 2)[0] + (pair.Contains('=', StringComparison.Ordinal) ? "=" : ""));
        return pathAndQuery[..(question + 1)] + string.Join('&', names);
    }

    /// <summary>
    /// The first <see cref="FailureSamples.BodyBytes"/> bytes as UTF-8 text with the secrets cut out. The secrets
    /// are cut before the text is shortened, so a credential that straddles the cut leaves no prefix behind.
    /// </summary>
    private static string Body(ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        var longest = secrets.Count == 0 ? 0 : Encoding.UTF8.GetMaxByteCount(secrets[0].Length);
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, FailureSamples.BodyBytes + longest)]);
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        // A binary body's control characters would make the XML of junit.xml invalid.
        text = string.Create(text.Length, text, (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) && source[i] is not ('\n' or '\r' or '\t') ? '\uFFFD' : source[i];
            }
        });
        return Encoding.UTF8.GetByteCount(text) <= FailureSamples.BodyBytes ? text : Truncate(text);
    }

    private static string Truncate(string text)
    {
        var length = Math.Min(text.Length, FailureSamples.BodyBytes);
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > FailureSamples.BodyBytes)
        {
            length--;
        }
        // Never split a surrogate pair.
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }
        return text[..length];
    }
}
