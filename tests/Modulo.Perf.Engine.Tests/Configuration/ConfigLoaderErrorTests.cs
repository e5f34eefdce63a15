using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Tests.Configuration;

public class ConfigLoaderErrorTests
{
    // Each case: a config in compact notation (' is ", | is a line break), where the error must be reported
    // (1-based line and column of the first character inside the quotes, or of the offending token),
    // and a part of the message that tells the user what is wrong.
    [Theory]
    [InlineData("{|  'vu': 5|}", 2, 4, "unknown property 'vu' in the configuration")]
    [InlineData("{|  'profiles': {|    'quick': { 'executor': 'constant-vus', 'vu': 5, 'duration': '20s' }|  }|}", 3, 45, "(did you mean 'vus'?)")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-vus', 'duration': '1s', 'stages': [] } } }", 1, 71, "does not apply to executor 'constant-vus'")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-vu' } } }", 1, 37, "(did you mean 'constant-vus'?)")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-vus' } } }", 1, 22, "needs 'duration'")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-arrival-rate', 'rate': 5, 'duration': '1s', 'preAllocatedVUs': 10, 'maxVUs': 5 } } }", 1, 123, "maxVUs (5) must be at least preAllocatedVUs (10)")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'ramping-vus', 'stages': [ { 'duration': '1s', 'targets': 1 } ] } } }", 1, 84, "(did you mean 'target'?)")]
    [InlineData("{ 'requestTimeout': '10x' }", 1, 22, "unknown unit")]
    [InlineData("{ 'suites': ['crud', 'sink'] }", 1, 23, "unknown suite 'sink'")]
    [InlineData("{ 'profile': 'smok' }", 1, 15, "unknown profile 'smok' (did you mean 'smoke'?)")]
    [InlineData("{ 'baseUrl': 'localhost:5000' }", 1, 15, "absolute http:// or https://")]
    [InlineData("{ 'websocketPath': 'ws' }", 1, 21, "websocketPath must start with a single '/'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'ws': 'close', 'path': '/' } ] } } }", 1, 36, "has both 'method' and 'ws'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'path': '/' } ] } } }", 1, 36, "needs 'method' (an HTTP request) or 'ws'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': 'api' } ] } } }", 1, 64, "must start with a single '/'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'FETCH', 'path': '/' } ] } } }", 1, 49, "unknown HTTP method 'FETCH'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'header': {} } ] } } }", 1, 69, "(did you mean 'headers'?)")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'type': 'reed' } ] } } }", 1, 77, "unknown request type 'reed'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/notes/{id}' } ] } } }", 1, 71, "unknown variable '{id}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/a/{id}' }, { 'method': 'POST', 'path': '/a', 'capture': { 'id': '$.id' } } ] } } }", 1, 67, "unknown variable '{id}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'headers': { 'X-Id': 'v-{nope}' } } ] } } }", 1, 92, "unknown variable '{nope}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'headers': { 'Authorization': 'Bearer ${env:MISSING_TOKEN}' } } ] } } }", 1, 106, "environment variable 'MISSING_TOKEN' is not set")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'POST', 'path': '/', 'body': { 'list': [1, 'x{y}'] } } ] } } }", 1, 93, "unknown variable '{y}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'expect': [200, 600] } ] } } }", 1, 84, "between 100 and 599")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'capture': { 'id': 'id' } } ] } } }", 1, 88, "must start with '$'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'capture': { '1d': '$.id' } } ] } } }", 1, 82, "capture variable '1d'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'conect' } ] } } }", 1, 45, "(did you mean 'connect'?)")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'await' } ] } } }", 1, 36, "needs 'match'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'hold' } ] } } }", 1, 36, "needs 'duration'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'subscribe' } ] } } }", 1, 36, "needs 'topic'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'send', 'message': 'x', 'topic': 't' } ] } } }", 1, 69, "unknown property 'topic'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'send', 'message': { 'id': '{idx}' } } ] } } }", 1, 72, "unknown variable '{idx}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'ws': 'await', 'match': 'id == {nope}' } ] } } }", 1, 69, "unknown variable '{nope}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [] } } }", 1, 34, "needs at least one step")]
    [InlineData("{ 'thresholds': { 'http_req_duraton': ['avg<1'] } }", 1, 20, "unknown metric 'http_req_duraton' (did you mean 'http_req_duration'?)")]
    [InlineData("{ 'thresholds': { 'http_req_duration{kind:read}': ['avg<1'] } }", 1, 20, "unknown tag key 'kind'")]
    [InlineData("{|  'thresholds': {|    'slo_read_latency': ['p(95)<200', 'p95<200']|  }|}", 3, 40, "unknown aggregation 'p95'")]
    [InlineData("{ 'thresholds': { 'slo_error_rate': ['p(95)<1'] } }", 1, 39, "does not apply to a rate metric; use rate")]
    [InlineData("{ 'thresholds': { 'http_req_duration': [{ 'threshold': 'avg<x', 'abortOnFail': true }] } }", 1, 57, "is not a number")]
    [InlineData("{ 'thresholds': { 'http_req_duration': [{ 'threshold': 'avg<1', 'abortOnFailure': true }] } }", 1, 66, "(did you mean 'abortOnFail'?)")]
    [InlineData("{ 'thresholds': { 'http_req_duration': [42] } }", 1, 41, "must be a threshold string")]
    [InlineData("{ 'thresholds': { 'vus': [''] } }", 1, 28, "empty threshold expression")]
    [InlineData("{|  'baseUrl': 'http://127.0.0.1:5000'|  'suites': []|}", 3, 3, "invalid JSON")]
    [InlineData("{ 'suites': [], 'suites': [] }", 1, 18, "duplicate property 'suites'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/café/{x}' } ] } } }", 1, 70, "unknown variable '{x}'")]
    [InlineData("{|\t'vu': 1|}", 2, 3, "unknown property 'vu'")]
    // Mistakes the engine once found only while sending load.
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'headers': { 'X Id': 'v' } } ] } } }", 1, 82, "'X Id' is not a valid header name")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'headers': { 'X-Price': '5 €' } } ] } } }", 1, 95, "contains U+20AC (beyond Latin-1)")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '//evil.example/x' } ] } } }", 1, 64, "must start with a single '/'")]
    [InlineData("{ 'websocketPath': '//evil.example/ws' }", 1, 21, "websocketPath must start with a single '/'")]
    [InlineData("{ 'requestTimeout': '2000h' }", 1, 22, "at most 168h")]
    [InlineData("{ 'maxResponseBody': '2GiB' }", 1, 23, "maxResponseBody must be a size from 1 byte to 1GiB")]
    [InlineData("{ 'maxResponseBody': 'lots' }", 1, 23, "maxResponseBody must be a size")]
    [InlineData("{ 'scenarios': { 's': { 'thinkTime': '2000h', 'steps': [ { 'method': 'GET', 'path': '/' } ] } } }", 1, 39, "at most 168h")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-vus', 'duration': '1s', 'gracefulStop': '2000h' } } }", 1, 87, "at most 168h")]
    [InlineData("{ 'profiles': { 'q': { 'executor': 'constant-vus', 'duration': 604800001 } } }", 1, 64, "at most 168h")]
    [InlineData("{ 'httpVersion': '3' }", 1, 19, "httpVersion must be \"1.1\" or \"2\" (a string), not '3'")]
    [InlineData("{ 'httpVersion': 2 }", 1, 18, "httpVersion must be \"1.1\" or \"2\" (a string), not 2")]
    [InlineData("{ 'scenarios': { 's': { 'httpVersion': 'h2', 'steps': [ { 'method': 'GET', 'path': '/' } ] } } }", 1, 41, "not 'h2'")]
    [InlineData("{ 'userAgent': 'load\\r\\ntest' }", 1, 21, "userAgent contains a carriage return (CR), which a header cannot carry")]
    [InlineData("{ 'userAgent': 2 }", 1, 16, "must be a string")]
    [InlineData("{ 'insecureSkipTLSVerify': 'yes' }", 1, 29, "must be true or false")]
    [InlineData("{ 'tlsClientKey': 'k.pem' }", 1, 20, "tlsClientKey needs tlsClientCert")]
    public void Reports_the_error_at_its_line_and_column(string compactJson, int line, int column, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(ConfigText.Expand(compactJson)));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, line, column), error.Location);
    }

    [Fact]
    public void A_position_after_escape_sequences_lands_on_the_character_as_written()
    {
        // "a\"\u00e9{x}": the brace is the 10th character inside the quotes, though only the 4th decoded one.
        const string json = """{"scenarios":{"s":{"steps":[{"method":"POST","path":"/","body":"a\"\u00e9{x}"}]}}}""";
        var bodyStart = json.IndexOf("a\\\"", StringComparison.Ordinal) + 1;

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        Assert.Contains("unknown variable '{x}'", error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, bodyStart + 9), error.Location);
    }

    [Fact]
    public void A_position_after_a_character_outside_the_basic_plane_counts_it_as_one_column()
    {
        // The emoji is two UTF-16 chars and four UTF-8 bytes, but one column in an editor.
        const string json = "{\"scenarios\":{\"s\":{\"steps\":[{\"method\":\"POST\",\"path\":\"/\",\"body\":\"\U0001F600{x}\"}]}}}";

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, 66), error.Location);
    }

    [Fact]
    public void Columns_on_a_long_line_of_multibyte_characters_count_characters()
    {
        // Thousands of two-byte characters before the error on one line, as generated configs write them.
        var filler = new string('é', 3000);
        var json = "{\"scenarios\":{\"a\":{\"steps\":[{\"method\":\"POST\",\"path\":\"/\",\"body\":\"" + filler +
                   "\"}]},\"b\":{\"steps\":[{\"method\":\"GET\",\"path\":\"/{x}\"}]}}}";

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        Assert.Contains("unknown variable '{x}'", error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, json.IndexOf("{x}", StringComparison.Ordinal) + 1), error.Location);
    }

    [Fact]
    public void A_byte_order_mark_is_not_a_column()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"vu\": 1}"u8.ToArray()];

        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(bytes, "p.json", _ => null));

        Assert.Equal(new SourceLocation("p.json", 1, 3), error.Location);
    }

    [Fact]
    public void Invalid_utf8_is_reported_where_it_is()
    {
        // Line 2, after three characters (one of them the two-byte é): a lone continuation byte.
        byte[] bytes = [.. "{\n  \"é"u8.ToArray(), 0x80, .. "\": 1 }"u8.ToArray()];

        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(bytes, "p.json", _ => null));

        Assert.StartsWith("invalid UTF-8", error.Message);
        Assert.Equal(new SourceLocation("p.json", 2, 5), error.Location);
    }

    [Fact]
    public void An_empty_file_is_invalid_json_at_the_start()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(""));

        Assert.StartsWith("invalid JSON", error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, 1), error.Location);
    }

    [Fact]
    public void The_diagnostic_reads_like_a_compiler_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse("{\n  \"profile\": \"nope\"\n}"));

        Assert.StartsWith("perfgate.json(2,15): error: unknown profile 'nope'", error.Diagnostic);
    }

    [Fact]
    public void Every_independent_mistake_is_reported_at_once_in_file_order()
    {
        var json = ConfigText.Expand(
            "{|  'vu': 5,|  'profiles': { 'q': { 'executor': 'constant-vus', 'vus': 0, 'duration': '1s' } },|"
            + "  'scenarios': { 's': { 'steps': [ { 'method': 'FETCH', 'path': '/' }, { 'method': 'GET', 'path': 'api' } ] } },|"
            + "  'thresholds': { 'http_req_duration': ['p95<200', 'p(95)<100'], 'slo_error_rate': ['avg<1'] }|}");

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        Assert.Equal(
            [(2, 4), (3, 59), (4, 49), (4, 100), (5, 42), (5, 86)],
            error.All.Select(e => (e.Location!.Line, e.Location!.Column)));
        Assert.Contains("unknown property 'vu'", error.All[0].Message);
        Assert.Contains("unknown HTTP method 'FETCH'", error.All[2].Message);
        Assert.Contains("must start with a single '/'", error.All[3].Message);
        Assert.Contains("unknown aggregation 'p95'", error.All[4].Message);
        Assert.Contains("does not apply to a rate metric", error.All[5].Message);
        Assert.Equal(6, error.Diagnostic.Split('\n').Length);
    }
}
