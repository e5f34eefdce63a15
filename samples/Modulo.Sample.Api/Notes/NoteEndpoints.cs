using Modulo.Sample.Api.Realtime;

namespace Modulo.Sample.Api.Notes;

/// <summary>The notes CRUD API. Every change is also pushed to WebSocket subscribers of the <c>notes</c> topic.</summary>
public static class NoteEndpoints
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 200;

    // Full templates rather than a route group: fault rules match the template exactly as written here.
    private const string Collection = "/api/notes";
    private const string Item = "/api/notes/{id}";

    public static void MapNoteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Collection, ListAsync);
        app.MapGet(Item, GetAsync);
        app.MapPost(Collection, CreateAsync);
        app.MapPut(Item, UpdateAsync);
        app.MapDelete(Item, DeleteAsync);
    }

    private static async Task<IResult> ListAsync(NoteStore store, int? limit, CancellationToken cancellationToken)
    {
        if (limit < 1)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be at least 1."] });
        }

        var notes = await store.ListAsync(Math.Min(limit ?? DefaultListLimit, MaxListLimit), cancellationToken);
        return Results.Ok(notes);
    }

    private static async Task<IResult> GetAsync(long id, NoteStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } note ? Results.Ok(note) : Results.NotFound();

    private static async Task<IResult> CreateAsync(NoteInput input, NoteStore store, RealtimeHub hub, CancellationToken cancellationToken)
    {
        if (Validate(input) is { } problem)
        {
            return problem;
        }

        var note = await store.CreateAsync(input.Title!, input.Content ?? "", cancellationToken);
        hub.Publish(Topics.Notes, TopicEvents.Created, note);
        return Results.Created($"{Collection}/{note.Id}", note);
    }

    private static async Task<IResult> UpdateAsync(long id, NoteInput input, NoteStore store, RealtimeHub hub, CancellationToken cancellationToken)
    {
        if (Validate(input) is { } problem)
        {
            return problem;
        }

        if (await store.UpdateAsync(id, input.Title!, input.Content ?? "", cancellationToken) is not { } note)
        {
            return Results.NotFound();
        }

        hub.Publish(Topics.Notes, TopicEvents.Updated, note);
        return Results.Ok(note);
    }

    private static async Task<IResult> DeleteAsync(long id, NoteStore store, RealtimeHub hub, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return Results.NotFound();
        }

        hub.Publish(Topics.Notes, TopicEvents.Deleted, new { id });
        return Results.NoContent();
    }

    private static IResult? Validate(NoteInput input) =>
        string.IsNullOrWhiteSpace(input.Title)
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["title is required."] })
            : null;
}
