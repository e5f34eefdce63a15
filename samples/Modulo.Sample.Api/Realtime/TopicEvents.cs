namespace Modulo.Sample.Api.Realtime;

/// <summary>The <c>event</c> names of topic events. A new block is <c>created</c> on the blocks topic.</summary>
public static class TopicEvents
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Heartbeat = "heartbeat";
}
