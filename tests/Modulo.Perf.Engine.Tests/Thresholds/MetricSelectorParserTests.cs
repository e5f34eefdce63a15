using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Tests.Thresholds;

public class MetricSelectorParserTests
{
    [Theory]
    [InlineData("http_req_duration", "http_req_duration", "")]
    [InlineData("  vus ", "vus", "")]
    [InlineData("http_req_duration{type:read}", "http_req_duration", "type=read")]
    [InlineData("http_req_duration { type : read , status:200 }", "http_req_duration", "type=read;status=200")]
    [InlineData("http_req_failed{name:\"GET /a:b\", 'method':'GET'}", "http_req_failed", "name=GET /a:b;method=GET")]
    [InlineData("ws_subscribe_latency{topic:notes}", "ws_subscribe_latency", "topic=notes")]
    public void Parses_names_and_tag_filters(string text, string metric, string tags)
    {
        var selector = MetricSelectorParser.Parse(text);

        Assert.Equal(metric, selector.Metric);
        Assert.Equal(tags, string.Join(";", selector.Tags.Select(t => $"{t.Key}={t.Value}")));
    }

    [Theory]
    [InlineData("http_req_duraton", "unknown metric 'http_req_duraton' (did you mean 'http_req_duration'?)")]
    [InlineData("latency", "unknown metric 'latency'")]
    [InlineData("", "the metric name is missing")]
    [InlineData("{type:read}", "the metric name is missing")]
    [InlineData("http_req_duration{type:read", "malformed metric selector")]
    [InlineData("http_req_duration type:read}", "malformed metric selector")]
    [InlineData("http_req_duration}type:read{", "malformed metric selector")]
    [InlineData("http_req_duration{type:read}x", "malformed metric selector")]
    [InlineData("http_req_duration{}", "malformed tag ''")]
    [InlineData("http_req_duration{type}", "malformed tag 'type'")]
    [InlineData("http_req_duration{type:}", "malformed tag 'type:'")]
    [InlineData("http_req_duration{kind:read}", "unknown tag key 'kind'")]
    [InlineData("http_req_duration{stauts:200}", "(did you mean 'status'?)")]
    [InlineData("http_req_duration{type:read,type:write}", "tag 'type' appears twice")]
    public void Rejects_bad_selectors_saying_why(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => MetricSelectorParser.Parse(text));

        Assert.Contains(message, error.Message);
    }
}
