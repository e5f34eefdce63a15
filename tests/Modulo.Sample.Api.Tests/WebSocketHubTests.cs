using System.Net.Http.Json;
using System.Text.Json;

namespace Modulo.Sample.Api.Tests;

[Collection(SampleCollection.Name)]
public sealed class WebSocketHubTests(SampleFixture fixture)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("1")]
    [InlineData("42.50")]
    [InlineData("-7e3")]
    public async Task A_ping_is_answered_with_a_pong_echoing_its_id_exactly(string id)
    {
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync($$"""{"type":"ping","id":{{id}}}""");

        var pong = await client.TryReceiveTextAsync(ReplyTimeout);
        Assert.Equal($$"""{"type":"pong","id":{{id}}}""", pong);
    }

    [Fact]
    public async Task A_subscription_is_confirmed_and_then_proves_itself_with_heartbeats()
    {
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync("""{"type":"subscribe","topic":"notes"}""");

        var confirmation = JsonDocument.Parse((await client.TryReceiveTextAsync(ReplyTimeout))!).RootElement;
        Assert.Equal("subscribed", confirmation.GetProperty("type").GetString());
        Assert.Equal("notes", confirmation.GetProperty("topic").GetString());

        var heartbeat = await client.ReceiveAsync(_ => true, TimeSpan.FromMilliseconds(500));
        Assert.Equal("event", heartbeat.GetProperty("type").GetString());
        Assert.Equal("notes", heartbeat.GetProperty("topic").GetString());
        Assert.Equal("heartbeat", heartbeat.GetProperty("event").GetString());
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(heartbeat.GetProperty("sentAt").GetInt64());
        Assert.InRange(sentAt, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_note_created_over_http_arrives_as_a_created_event()
    {
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync("""{"type":"subscribe","topic":"notes"}""");
        await client.ReceiveAsync(message => message.GetProperty("type").GetString() == "subscribed", ReplyTimeout);

        using var created = await fixture.Sample.Http.PostAsJsonAsync("/api/notes", new { title = "pushed", content = "over ws" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var pushed = await client.ReceiveAsync(message => message.GetProperty("event").GetString() == "created", ReplyTimeout);
        Assert.Equal("notes", pushed.GetProperty("topic").GetString());
        Assert.Equal(id, pushed.GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal("pushed", pushed.GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task After_unsubscribing_no_more_events_arrive()
    {
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync("""{"type":"subscribe","topic":"notes"}""");
        await client.ReceiveAsync(message => message.GetProperty("type").GetString() == "subscribed", ReplyTimeout);
        await client.ReceiveAsync(message => message.GetProperty("type").GetString() == "event", ReplyTimeout);

        await client.SendAsync("""{"type":"unsubscribe","topic":"notes"}""");
        var confirmation = await client.ReceiveAsync(message => message.GetProperty("type").GetString() == "unsubscribed", ReplyTimeout);
        Assert.Equal("notes", confirmation.GetProperty("topic").GetString());

        // Heartbeats alone would arrive every 100 ms if the subscription were still alive; a new note would too.
        using var created = await fixture.Sample.Http.PostAsJsonAsync("/api/notes", new { title = "unheard" });
        Assert.Null(await client.TryReceiveTextAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""["ping"]""")]
    [InlineData("""{"type":"subscribe","topic":"weather"}""")]
    [InlineData("""{"type":"subscribe"}""")]
    public async Task A_bad_message_gets_an_error_and_the_socket_stays_open(string message)
    {
        await using var client = await WsClient.ConnectAsync(fixture.Sample.WebSocketAddress);
        await client.SendAsync(message);

        var error = JsonDocument.Parse((await client.TryReceiveTextAsync(ReplyTimeout))!).RootElement;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));

        await client.SendAsync("""{"type":"ping","id":5}""");
        Assert.Equal("""{"type":"pong","id":5}""", await client.TryReceiveTextAsync(ReplyTimeout));
    }
}
