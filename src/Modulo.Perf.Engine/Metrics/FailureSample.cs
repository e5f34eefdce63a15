namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// One failed request as a user needs it to debug the failure: what was asked and what the server answered.
/// Like an OpenMetrics exemplar, it stands for the counts of its series without being counted itself.
/// </summary>
/// <param name="Path">The request path with its query values removed (<c>/search?q=&amp;page=</c>): they may carry tokens.</param>
/// <param name="Status">The response status; 0 when no response arrived.</param>
/// <param name="Cause">Why the request counted as failed: <c>status</c> (an unexpected status) or a transport cause (<c>timeout</c>, <c>refused</c>, ...).</param>
/// <param name="Body">The start of the response body as text, with the request's credentials redacted.</param>
public sealed record FailureSample(string Method, string Path, int Status, string Cause, string Body);
