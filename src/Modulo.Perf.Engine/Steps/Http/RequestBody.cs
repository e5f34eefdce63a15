using System.Text;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// A step's body compiled once: JSON (<c>body</c>, see <see cref="JsonBodyTemplate"/>), URL-encoded form fields (<c>form</c>) or text as written
/// (<c>text</c>), each rendered per request with the VU's variables, each value encoded for where it lands.
/// </summary>
internal sealed class RequestBody
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    private readonly Func<VirtualUser, ReadOnlyMemory<byte>> _render;

    private RequestBody(Func<VirtualUser, ReadOnlyMemory<byte>> render, bool isConstant, string? contentType)
    {
        _render = render;
        IsConstant = isConstant;
        ContentType = contentType;
    }

    public bool IsConstant { get; }

    /// <summary>The Content-Type the body needs, or null for JSON and no body (the transport's default).</summary>
    public string? ContentType { get; }

    public ReadOnlyMemory<byte> Render(VirtualUser vu) => _render(vu);

    public static RequestBody Compile(HttpStepDefinition step)
    {
        if (step.Form is { } form)
        {
            var fields = form.Select(f => (Name: Uri.EscapeDataString(f.Key), Value: TemplateString.Parse(f.Value))).ToArray();
            return new RequestBody(
                vu => Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value.Render(vu.Lookup))}"))),
                fields.All(f => f.Value.IsConstant),
                FormContentType);
        }

        if (step.Text is { } text)
        {
            var template = TemplateString.Parse(text);
            return new RequestBody(vu => Encoding.UTF8.GetBytes(template.Render(vu.Lookup)), template.IsConstant, step.ContentType);
        }

        if (step.Body is { } body)
        {
            var template = new JsonBodyTemplate(body);
            return new RequestBody(
                vu => template.Render(name => vu.Lookup(name) is { } value ? (value, vu.JsonLiterals.Contains(name)) : null),
                template.IsConstant,
                null);
        }

        return new RequestBody(_ => default, true, null);
    }
}
