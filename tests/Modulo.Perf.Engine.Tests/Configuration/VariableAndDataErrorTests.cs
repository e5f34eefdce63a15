using System.Text;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Configuration;

/// <summary>Variables, feeders, setup and weights: what loads, and every bad input at its file(line,column).</summary>
public class VariableAndDataErrorTests
{
    [Theory]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{itr}' } ] } } }", 1, 65, "unknown variable '{itr}' in 'path' of step 1 of scenario 's' (did you mean 'iter'?)")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{randInt:9-1}' } ] } } }", 1, 65, "'{randInt:9-1}' in 'path' of step 1 of scenario 's' has its lower bound above its upper bound")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{rand:1-9}' } ] } } }", 1, 65, "the only variable with a range is {randInt:MIN-MAX}")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{users.email}' } ] } } }", 1, 65, "unknown feeder 'users' in '{users.email}'")]
    [InlineData("{ 'scenarios': { 's': { 'weight': 0, 'steps': [ { 'method': 'GET', 'path': '/' } ] } } }", 1, 35, "'weight' of scenario 's' must be greater than 0")]
    [InlineData("{ 'scenarios': { 's': { 'weight': '80%', 'steps': [ { 'method': 'GET', 'path': '/' } ] } } }", 1, 36, "'weight' of scenario 's' must be a number")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'capture': { 'vu': '$.id' } } ] } } }", 1, 82, "would hide the built-in {vu}")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'POST', 'path': '/', 'body': {}, 'form': {} } ] } } }", 1, 82, "has both 'body' and 'form'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'POST', 'path': '/', 'contentType': 'a/b' } ] } } }", 1, 70, "'contentType' of step 1 of scenario 's' goes with 'text'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'check': { '$.a': 'x{nope}' } } ] } } }", 1, 88, "unknown variable '{nope}'")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/', 'check': { 'a': 'x' } } ] } } }", 1, 80, "must start with '$'")]
    [InlineData("{ 'scenarios': { 's': { 'setup': [ { 'ws': 'connect' } ], 'steps': [ { 'method': 'GET', 'path': '/' } ] } } }", 1, 36, "setup and teardown steps are HTTP requests")]
    [InlineData("{ 'teardown': [ { 'method': 'GET', 'path': '/{token}' } ] }", 1, 46, "unknown variable '{token}' in 'path' of step 1 of the run's teardown")]
    [InlineData("{ 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{token}' } ] } }, 'setup': [ { 'method': 'POST', 'path': '/login', 'capture': { 'token': '$.t' } } ] }", 1, 0, "")]
    public void Reports_bad_variables_weights_and_steps_at_their_position(string compactJson, int line, int column, string message)
    {
        var json = ConfigText.Expand(compactJson);
        if (message.Length == 0)
        {
            // The run's setup captures are known to every scenario, whatever the order in the file.
            Assert.Single(ConfigText.Parse(json).Scenarios);
            return;
        }

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, line, column), error.Location);
    }

    [Fact]
    public void Feeders_load_csv_and_json_relative_to_the_config_and_check_every_reference()
    {
        using var folder = new TempConfig("{}");
        File.WriteAllText(Path.Combine(folder.Directory, "users.csv"), "email,password\r\na@x.test,\"p,1\"\r\nb@x.test,p2\r\n");
        File.WriteAllText(Path.Combine(folder.Directory, "skus.json"), """[ { "sku": "a", "n": 1, "ok": true, "none": null } ]""");
        const string scenario = """{ "steps": [ { "method": "POST", "path": "/{skus.sku}", "body": { "e": "{users.email}" } } ] }""";

        var config = Parse(folder, $$"""{ "data": { "users": { "file": "users.csv", "order": "unique" }, "skus": { "file": "skus.json" } }, "scenarios": { "s": {{scenario}} } }""");

        var users = config.Data[0];
        Assert.Equal((DataOrder.Unique, Path.Combine(folder.Directory, "users.csv")), (users.Order, users.File));
        Assert.Equal(["email", "password"], users.Columns);
        Assert.Equal([["a@x.test", "p,1"], ["b@x.test", "p2"]], users.Rows);
        Assert.Equal([["a", "1", "true", ""]], config.Data[1].Rows);
        Assert.Equal(DataOrder.Sequential, config.Data[1].Order);
    }

    [Theory]
    // An unknown column is reported at the reference in perfgate.json.
    [InlineData("email\nx", "{ 'data': { 'users': { 'file': 'data.csv' } }, 'scenarios': { 's': { 'steps': [ { 'method': 'GET', 'path': '/{users.mail}' } ] } } }", "perfgate.json", 1, 110, "unknown column 'mail' of feeder 'users' in 'path' of step 1 of scenario 's' (did you mean 'email'?)")]
    [InlineData("email\nx", "{ 'data': { 'users': { 'file': 'data.csv', 'order': 'shuffled' } } }", "perfgate.json", 1, 54, "unknown order 'shuffled'")]
    [InlineData("email\nx", "{ 'data': { 'users': { 'file': 'missing.csv' } } }", "perfgate.json", 1, 33, "cannot read the data file of feeder 'users'")]
    [InlineData("email\n", "{ 'data': { 'users': { 'file': 'data.csv' } } }", "perfgate.json", 1, 33, "has no rows below its header")]
    [InlineData("email\nx", "{ 'data': { 'user-list': { 'file': 'data.csv' } } }", "perfgate.json", 1, 14, "feeder name 'user-list'")]
    // A malformed file is reported at its own line and column.
    [InlineData("email,name\na,b\nc\n", "{ 'data': { 'users': { 'file': 'data.csv' } } }", "data.csv", 3, 1, "row 2 has 1 value(s) but the header has 2 column(s) (email, name)")]
    [InlineData("email,name\na,\"b\n", "{ 'data': { 'users': { 'file': 'data.csv' } } }", "data.csv", 2, 3, "a quoted value is never closed")]
    [InlineData("email,name\na,\"b\"c\n", "{ 'data': { 'users': { 'file': 'data.csv' } } }", "data.csv", 2, 6, "text after a closing quote")]
    [InlineData("email,email\na,b\n", "{ 'data': { 'users': { 'file': 'data.csv' } } }", "data.csv", 1, 1, "column 'email' is named twice")]
    [InlineData("[ { \"email\": \"a\" },\n  { \"email\": \"b\", \"name\": \"x\" } ]", "{ 'data': { 'users': { 'file': 'data.json' } } }", "data.json", 2, 20, "item 2 of the data file has property 'name'")]
    [InlineData("[ { \"email\": \"a\" },\n  { \"mail\": \"b\" } ]", "{ 'data': { 'users': { 'file': 'data.json' } } }", "data.json", 2, 6, "has property 'mail'")]
    [InlineData("[ { \"email\": { \"a\": 1 } } ]", "{ 'data': { 'users': { 'file': 'data.json' } } }", "data.json", 1, 14, "must be a string, number, boolean or null")]
    public void Reports_feeder_problems_naming_the_file_and_row(string fileText, string compactJson, string reportedFile, int line, int column, string message)
    {
        using var folder = new TempConfig("{}");
        File.WriteAllText(Path.Combine(folder.Directory, compactJson.Contains("data.json") ? "data.json" : "data.csv"), fileText);

        var error = Assert.Throws<ConfigurationException>(() => Parse(folder, ConfigText.Expand(compactJson)));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation(Path.Combine(folder.Directory, reportedFile), line, column), error.Location);
    }

    private static PerfGateConfig Parse(TempConfig folder, string json) =>
        ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), folder.Path, _ => null);
}
