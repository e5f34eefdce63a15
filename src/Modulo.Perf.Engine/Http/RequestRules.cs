namespace Modulo.Perf.Engine.Http;

/// <summary>
/// Checks made once in <c>Prepare</c> so both transports accept and refuse the same requests, and a bad step
/// fails loudly when it is prepared instead of corrupting the wire (header injection through CR/LF).
/// </summary>
internal static class RequestRules
{
    public static string ValidateMethod(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (!IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not a valid HTTP method.", nameof(method));
        }

        return method;
    }

    /// <summary>Resolves <paramref name="pathAndQuery"/> against the base address exactly as HttpClient would.</summary>
    public static Uri ResolveTarget(Uri baseAddress, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!Uri.TryCreate(baseAddress, pathAndQuery, out var target) || target.Scheme != baseAddress.Scheme || target.Authority != baseAddress.Authority)
        {
            throw new ArgumentException($"'{pathAndQuery}' is not a path on {baseAddress}.", nameof(pathAndQuery));
        }

        return target;
    }

    public static void ValidateHeader(KeyValuePair<string, string> header)
    {
        if (!IsHeaderName(header.Key))
        {
            throw new ArgumentException($"'{header.Key}' is not a valid header name.", "headers");
        }

        if (UnsendableHeaderCharacter(header.Value) >= 0)
        {
            throw new ArgumentException($"The value of header '{header.Key}' contains a character that cannot be sent.", "headers");
        }
    }

    /// <summary>A header name is an RFC 9110 token: letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>, no space.</summary>
    public static bool IsHeaderName(string name) => !string.IsNullOrEmpty(name) && IsToken(name);

    /// <summary>The index of the first character a header value cannot carry, or -1 when it can be sent.</summary>
    public static int UnsendableHeaderCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            // Latin-1 is what HTTP/1.1 carries; CR, LF and NUL would end or split the header line.
            if (value[i] is '\r' or '\n' or '\0' || value[i] > '\u00FF')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>How a message names the character at <paramref name="index"/> without showing the text around it.</summary>
    public static string DescribeCharacter(string value, int index) => value[index] switch
    {
        '\r' => "a carriage return (CR)",
        '\n' => "a line feed (LF)",
        '\0' => "a NUL character",
        var c => $"U+{(int)c:X4} (beyond Latin-1)",
    };

    /// <summary>
    /// The <c>Authorization</c> header for credentials in the URL (<c>http://user:pass@host/</c>), as curl sends
    /// them: Basic, user and password percent-decoded. Null when the URL carries none.
    /// </summary>
    public static string? BasicAuthorization(Uri baseAddress)
    {
        var userInfo = baseAddress.UserInfo;
        if (userInfo.Length == 0)
        {
            return null;
        }
        var colon = userInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || name.Equals("Allow", StringComparison.OrdinalIgnoreCase);

    /// <summary>Methods whose requests carry <c>Content-Length: 0</c> when they have no body, as HttpClient sends them.</summary>
    public static bool ExpectsContent(string method) =>
        method.Equals("POST", StringComparison.OrdinalIgnoreCase) || method.Equals("PUT", StringComparison.OrdinalIgnoreCase) ||
        method.Equals("PATCH", StringComparison.OrdinalIgnoreCase);

    private static bool IsToken(string value)
    {
        foreach (var c in value)
        {
            var tokenChar = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
            if (!tokenChar)
            {
                return false;
            }
        }
        return true;
    }
}
