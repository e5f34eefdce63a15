using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Modulo.Sample.Api.Tests;

[Collection(SampleCollection.Name)]
public sealed class NotesApiTests(SampleFixture fixture)
{
    private HttpClient Http => fixture.Sample.Http;

    [Fact]
    public async Task A_note_goes_through_create_read_update_delete()
    {
        using var created = await Http.PostAsJsonAsync("/api/notes", new { title = "first", content = "hello" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var note = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = note.GetProperty("id").GetInt64();
        Assert.Equal("first", note.GetProperty("title").GetString());
        Assert.Equal("hello", note.GetProperty("content").GetString());
        Assert.Equal(note.GetProperty("createdAt").GetDateTimeOffset(), note.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal($"/api/notes/{id}", created.Headers.Location?.OriginalString);

        var read = await Http.GetFromJsonAsync<JsonElement>($"/api/notes/{id}");
        Assert.Equal(note.GetRawText(), read.GetRawText());

        using var updated = await Http.PutAsJsonAsync($"/api/notes/{id}", new { title = "renamed", content = "changed" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var changed = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, changed.GetProperty("id").GetInt64());
        Assert.Equal("renamed", changed.GetProperty("title").GetString());
        Assert.Equal("changed", changed.GetProperty("content").GetString());
        Assert.Equal(note.GetProperty("createdAt").GetDateTimeOffset(), changed.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(changed.GetProperty("updatedAt").GetDateTimeOffset() >= changed.GetProperty("createdAt").GetDateTimeOffset());

        using var deleted = await Http.DeleteAsync($"/api/notes/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var readAgain = await Http.GetAsync($"/api/notes/{id}");
        Assert.Equal(HttpStatusCode.NotFound, readAgain.StatusCode);
        using var updateAgain = await Http.PutAsJsonAsync($"/api/notes/{id}", new { title = "too late" });
        Assert.Equal(HttpStatusCode.NotFound, updateAgain.StatusCode);
        using var deleteAgain = await Http.DeleteAsync($"/api/notes/{id}");
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
    }

    [Theory]
    [InlineData("""{"content":"no title"}""")]
    [InlineData("""{"title":"","content":"empty title"}""")]
    [InlineData("""{"title":"   "}""")]
    public async Task A_note_without_a_title_is_rejected(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var created = await Http.PostAsync("/api/notes", content);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);

        using var existing = await Http.PostAsJsonAsync("/api/notes", new { title = "kept" });
        var id = (await existing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var updateContent = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var updated = await Http.PutAsync($"/api/notes/{id}", updateContent);
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
    }

    [Fact]
    public async Task The_list_is_newest_first_and_honours_the_limit()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await Http.PostAsJsonAsync("/api/notes", new { title = $"list {i}", content = "" });
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var listed = await Http.GetFromJsonAsync<JsonElement>("/api/notes?limit=2");
        Assert.Equal([ids[2], ids[1]], listed.EnumerateArray().Select(note => note.GetProperty("id").GetInt64()));

        var byDefault = await Http.GetFromJsonAsync<JsonElement>("/api/notes");
        var defaultIds = byDefault.EnumerateArray().Select(note => note.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(defaultIds.OrderDescending(), defaultIds);
        Assert.Equal(ids[2], defaultIds[0]);
    }

    [Fact]
    public async Task The_list_limit_is_capped_at_200()
    {
        var existing = (await Http.GetFromJsonAsync<JsonElement>("/api/notes?limit=200")).GetArrayLength();
        for (var i = existing; i < 201; i++)
        {
            using var created = await Http.PostAsJsonAsync("/api/notes", new { title = $"bulk {i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var listed = await Http.GetFromJsonAsync<JsonElement>("/api/notes?limit=1000");
        Assert.Equal(200, listed.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/notes/999999999", HttpStatusCode.NotFound)]
    [InlineData("/api/notes/not-a-number", HttpStatusCode.BadRequest)]
    public async Task An_unknown_or_malformed_id_is_answered_with_an_error(string path, HttpStatusCode expected)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Health_reports_healthy()
    {
        var health = await Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
