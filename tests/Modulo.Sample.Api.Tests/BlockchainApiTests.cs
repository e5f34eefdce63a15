using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Modulo.Sample.Api.Tests;

[Collection(SampleCollection.Name)]
public sealed class BlockchainApiTests(SampleFixture fixture)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(15);

    private HttpClient Http => fixture.Sample.Http;

    [Fact]
    public async Task A_trigger_syncs_the_chain_up_to_its_target()
    {
        var before = await WaitUntilIdleAsync();
        var metricsBefore = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/metrics");

        using var triggered = await Http.PostAsync("/api/blockchain/sync/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, triggered.StatusCode);
        var ticket = await triggered.Content.ReadFromJsonAsync<JsonElement>();
        var target = ticket.GetProperty("targetHeight").GetInt64();
        Assert.False(string.IsNullOrEmpty(ticket.GetProperty("syncId").GetString()));
        Assert.True(target > before.GetProperty("currentHeight").GetInt64());

        var during = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/sync/status");
        Assert.Equal("syncing", during.GetProperty("state").GetString());
        Assert.Equal(target, during.GetProperty("targetHeight").GetInt64());

        var after = await WaitUntilIdleAsync();
        Assert.Equal(target, after.GetProperty("currentHeight").GetInt64());
        Assert.Equal(1.0, after.GetProperty("progress").GetDouble());
        Assert.Equal(JsonValueKind.String, after.GetProperty("lastSyncedAt").ValueKind);

        var metrics = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/metrics");
        Assert.Equal(target + 1, metrics.GetProperty("totalBlocks").GetInt64());
        Assert.Equal(metricsBefore.GetProperty("syncCount").GetInt32() + 1, metrics.GetProperty("syncCount").GetInt32());
        Assert.Equal(0, metrics.GetProperty("pendingBlocks").GetInt64());
        Assert.True(metrics.GetProperty("averageBlockTimeMs").GetDouble() > 0);

        var latest = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/blocks/latest");
        Assert.Equal(target, latest.GetProperty("height").GetInt64());
        AssertHashIsRecomputable(latest);
    }

    [Fact]
    public async Task A_trigger_while_syncing_extends_the_target()
    {
        await WaitUntilIdleAsync();
        using var first = await Http.PostAsync("/api/blockchain/sync/trigger", null);
        using var second = await Http.PostAsync("/api/blockchain/sync/trigger", null);
        var firstTicket = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secondTicket = await second.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(firstTicket.GetProperty("syncId").GetString(), secondTicket.GetProperty("syncId").GetString());
        Assert.True(secondTicket.GetProperty("targetHeight").GetInt64() > firstTicket.GetProperty("targetHeight").GetInt64());
        var after = await WaitUntilIdleAsync();
        Assert.Equal(secondTicket.GetProperty("targetHeight").GetInt64(), after.GetProperty("currentHeight").GetInt64());
    }

    [Fact]
    public async Task Each_new_block_links_to_its_predecessor()
    {
        await WaitUntilIdleAsync();
        var start = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/blocks/latest");
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync("""{"type":"subscribe","topic":"blocks"}""");
        await client.ReceiveAsync(message => message.GetProperty("type").GetString() == "subscribed", TimeSpan.FromSeconds(5));

        using var triggered = await Http.PostAsync("/api/blockchain/sync/trigger", null);
        var previous = start;
        for (var i = 0; i < 10; i++)
        {
            var block = (await client.ReceiveAsync(IsBlockEvent, TimeSpan.FromSeconds(5))).GetProperty("data");
            Assert.Equal(previous.GetProperty("height").GetInt64() + 1, block.GetProperty("height").GetInt64());
            Assert.Equal(previous.GetProperty("hash").GetString(), block.GetProperty("previousHash").GetString());
            AssertHashIsRecomputable(block);
            previous = block;
        }

        await WaitUntilIdleAsync();
    }

    private static bool IsBlockEvent(JsonElement message) =>
        message.GetProperty("type").GetString() == "event"
        && message.GetProperty("topic").GetString() == "blocks"
        && message.GetProperty("event").GetString() == "created";

    /// <summary>hash = lowercase hex SHA-256 of previousHash + height + timestamp, as the sample's README states.</summary>
    private static void AssertHashIsRecomputable(JsonElement block)
    {
        var text = $"{block.GetProperty("previousHash").GetString()}{block.GetProperty("height").GetInt64()}{block.GetProperty("timestamp").GetInt64()}";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), block.GetProperty("hash").GetString());
    }

    private async Task<JsonElement> WaitUntilIdleAsync()
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            var status = await Http.GetFromJsonAsync<JsonElement>("/api/blockchain/sync/status");
            if (status.GetProperty("state").GetString() == "idle")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The sync did not finish within {SyncTimeout}: {status}");
            await Task.Delay(50);
        }
    }
}
