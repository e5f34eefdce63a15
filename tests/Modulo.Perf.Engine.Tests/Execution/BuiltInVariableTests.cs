using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>The built-in variables as a server receives them: unique where they promise to be, in range, well formed.</summary>
public class BuiltInVariableTests
{
    [Fact]
    public async Task Run_vu_and_iter_make_values_unique_across_vus_iterations_and_runs()
    {
        var received = new ConcurrentBag<Received>();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapPost("/users", (Received body) => { received.Add(body); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "POST", "path": "/users", "body": {
                "email": "u{run}-{vu}-{iter}@x.test", "vu": "{vu}", "iter": "{iter}", "seq": "{seq}", "uuid": "{uuid}",
                "dice": "{randInt:5-7}", "now": "{now}", "unixMs": "{unixMs}" } } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 4, "iterations": 5 } },
              "profile": "p"
            }
            """);

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(Verdict.Pass, (await Infrastructure.Engine.RunAsync(config)).Verdict);
        Assert.Equal(Verdict.Pass, (await Infrastructure.Engine.RunAsync(config)).Verdict);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Select(r => r.Email).Distinct().Count());
        Assert.Equal(40, received.Select(r => r.Uuid).Distinct().Count());
        Assert.All(received, r => Assert.True(Guid.TryParse(r.Uuid, out _)));
        // Per run: VUs 1-4, each with iterations 0-4 ({seq} counts the same iterations from 1).
        Assert.Equal(2, received.Select(r => r.Email.Split('-')[0]).Distinct().Count());
        Assert.Equal(["1", "2", "3", "4"], received.Select(r => r.Vu).Distinct().Order());
        Assert.Equal(["0", "1", "2", "3", "4"], received.Select(r => r.Iter).Distinct().Order());
        Assert.All(received, r => Assert.Equal(int.Parse(r.Iter, CultureInfo.InvariantCulture) + 1, int.Parse(r.Seq, CultureInfo.InvariantCulture)));
        Assert.All(received, r => Assert.InRange(int.Parse(r.Dice, CultureInfo.InvariantCulture), 5, 7));
        Assert.All(received, r => Assert.InRange(
            DateTimeOffset.ParseExact(r.Now, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), before, after));
        Assert.All(received, r => Assert.InRange(long.Parse(r.UnixMs, CultureInfo.InvariantCulture), before.ToUnixTimeMilliseconds(), after.ToUnixTimeMilliseconds()));
    }

    private sealed record Received(string Email, string Vu, string Iter, string Seq, string Uuid, string Dice, string Now, string UnixMs);
}
