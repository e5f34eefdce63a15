using System.Text.Json;
using Modulo.Perf.Engine.ServiceCounters;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// The <c>service</c> section of results.json (docs/results-format.md): the service's runtime counters during the
/// load, or the one reason there are none. Absent when the run was given neither <c>--service-pid</c> nor <c>--service-diagnostic-port</c>.
/// </summary>
internal static class ServiceCountersJson
{
    public static void Write(Utf8JsonWriter json, ServiceCounterReport? service)
    {
        if (service is null)
        {
            return;
        }
        json.WriteStartObject("service");
        if (service.Target.ProcessId is { } pid)
        {
            json.WriteNumber("pid", pid);
        }
        if (service.Target.DiagnosticPort is { } port)
        {
            json.WriteString("diagnosticPort", port);
        }
        if (service.Problem is { } problem)
        {
            json.WriteString("problem", problem);
        }
        json.WriteStartObject("counters");
        foreach (var counter in service.Counters)
        {
            json.WriteStartObject(counter.Name);
            json.WriteString("unit", counter.Unit);
            if (counter.Total is { } total)
            {
                json.WriteNumber("total", Math.Round(total, 3));
            }
            json.WriteNumber("max", Math.Round(counter.Max, 3));
            json.WriteNumber("mean", Math.Round(counter.Mean, 3));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartArray("timeline");
        foreach (var point in service.Timeline)
        {
            json.WriteStartObject();
            json.WriteNumber("seconds", point.Seconds);
            json.WriteNumber("cpuPercent", Math.Round(point.CpuPercent, 2));
            json.WriteNumber("allocatedBytes", Math.Round(point.AllocatedBytes));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
