namespace Modulo.Sample.Api.Realtime;

/// <summary>
/// <c>{"type":"event","topic":..,"event":..,"data":{..},"sentAt":unixMs}</c>. <see cref="Data"/> is typed
/// <see cref="object"/> so the serializer writes the runtime type's properties.
/// </summary>
public sealed record TopicEvent(string Topic, string Event, object Data, long SentAt)
{
    public string Type => "event";
}
