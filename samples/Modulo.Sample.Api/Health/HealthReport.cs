namespace Modulo.Sample.Api.Health;

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthReport(string Status);
