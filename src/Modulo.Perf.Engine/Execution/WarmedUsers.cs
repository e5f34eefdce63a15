using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// What a profile's warm-up hands to the measured load after it, as NBomber's warm-up does with a scenario's init:
/// the same run (its <c>{run}</c>, the run setup's captures, the feeders' cursors) and its users, so each VU of the
/// load continues the warm-up's VU of the same number, logged in once, and the run's setup runs once. Without a
/// handover a service that registers users would see every one of them twice (once per phase), and the password
/// hashing of the second round of sign-ups would land in the measured seconds.
/// </summary>
internal sealed class WarmedUsers(RunVariables run, IEnumerable<VirtualUser> users)
{
    private readonly Dictionary<int, VirtualUser> _users = users.ToDictionary(user => user.Id);

    public RunVariables Run { get; } = run;

    /// <summary>The warm-up's VU of number <paramref name="id"/>, if it had one.</summary>
    public VirtualUser? Find(int id) => _users.GetValueOrDefault(id);
}
