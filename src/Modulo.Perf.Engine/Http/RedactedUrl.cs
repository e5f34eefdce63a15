using System.Text;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// A URL as it may be written anywhere (stderr, results.json, reports, the committed baseline): credentials in
/// the userinfo and the values of the query (signatures, tokens, API keys) replaced by <c>***</c>.
/// </summary>
public static class RedactedUrl
{
    private const string Hidden = "***";

    public static string Of(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return url.OriginalString;
        }
        var text = new StringBuilder().Append(url.Scheme).Append("://");
        if (url.UserInfo.Length > 0)
        {
            text.Append(Hidden).Append('@');
        }
        text.Append(url.Authority).Append(url.AbsolutePath);
        if (url.Query.Length > 1)
        {
            var parameters = url.Query[1..].Split('&').Select(parameter =>
                parameter.IndexOf('=') is var equals and >= 0 ? $"{parameter[..equals]}={Hidden}" : parameter);
            text.Append('?').AppendJoin('&', parameters);
        }
        return text.ToString();
    }
}
