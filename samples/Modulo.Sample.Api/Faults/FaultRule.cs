namespace Modulo.Sample.Api.Faults;

/// <summary>One <c>[METHOD ]ROUTE=effect[,effect]</c> rule. A null method matches every method; route <c>*</c> matches every route.</summary>
public sealed record FaultRule(string? Method, string Route, FaultEffect Effect)
{
    public const string AnyRoute = "*";

    public bool Matches(string method, string routeTemplate) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Route == AnyRoute || string.Equals(Route, routeTemplate, StringComparison.OrdinalIgnoreCase));
}
