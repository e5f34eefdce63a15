namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The response headers a virtual user acts on: cookies to store and where a redirect points. Everything else a
/// transport reads only to frame the response.
/// </summary>
/// <param name="SetCookies">Each Set-Cookie header as received; null when there was none.</param>
/// <param name="Location">The Location header as received; null when there was none.</param>
public readonly record struct ResponseHeaders(IReadOnlyList<string>? SetCookies, string? Location);
