namespace Modulo.Perf.Engine.Steps;

/// <summary>
/// Per-VU state in <see cref="VirtualUser.Sessions"/> that acts when an iteration ends, however it ends
/// (completed, cut short, or stopped): a WebSocket that is not persistent closes there.
/// </summary>
internal interface IIterationScoped
{
    ValueTask EndIterationAsync();
}
