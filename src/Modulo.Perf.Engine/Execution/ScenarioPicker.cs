using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Chooses the scenario of a VU's next iteration. Without weights, round-robin: VU n starts at scenario n and moves
/// on by one, so every scenario runs even with one VU. With a weight on any scenario (the others count 1), each
/// iteration draws by weight from the VU's seeded random, so the mix is the same run after run. A stopped scenario
/// (its unique feeder ran dry) is passed over for the next one in file order; null when all have stopped.
/// </summary>
internal sealed class ScenarioPicker
{
    private readonly CompiledScenario[] _scenarios;
    private readonly double[] _cumulativeWeights;
    private readonly bool _weighted;

    public ScenarioPicker(CompiledScenario[] scenarios, bool weighted)
    {
        _scenarios = scenarios;
        _weighted = weighted;
        var total = 0.0;
        _cumulativeWeights = [.. scenarios.Select(s => total += s.Weight)];
    }

    public CompiledScenario? Pick(VirtualUser vu)
    {
        var first = _weighted ? Draw(vu.Random) : vu.NextScenario(_scenarios.Length);
        for (var offset = 0; offset < _scenarios.Length; offset++)
        {
            var scenario = _scenarios[(first + offset) % _scenarios.Length];
            if (!scenario.IsStopped)
            {
                return scenario;
            }
        }
        return null;
    }

    private int Draw(Random random)
    {
        var point = random.NextDouble() * _cumulativeWeights[^1];
        var index = Array.FindIndex(_cumulativeWeights, cumulative => point < cumulative);
        // NextDouble is below 1, so a point always falls inside; the guard only covers rounding at the top.
        return index < 0 ? _scenarios.Length - 1 : index;
    }
}
