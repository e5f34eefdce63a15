using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// Reads a <see cref="CounterReading"/> out of an EventPipe event, in the two shapes the service publishes:
/// an <c>EventCounters</c> payload of <c>System.Runtime</c>, and the <c>System.Diagnostics.Metrics</c> bridge's
/// <c>...ValuePublished</c> events (values as invariant strings, histograms with count and sum).
/// </summary>
internal static class CounterEventParser
{
    public static bool TryRead(TraceEvent e, string sessionId, out CounterReading reading)
    {
        reading = default;
        if (e.ProviderName == ServiceCounterProviders.RuntimeProvider && e.EventName == "EventCounters")
        {
            if (e.PayloadValue(0) is not IDictionary<string, object> outer || !outer.TryGetValue("Payload", out var inner)
                || inner is not IDictionary<string, object> fields || Field(fields, "Name") is not string name)
            {
                return false;
            }
            var isIncrement = Field(fields, "CounterType") as string == "Sum";
            reading = new CounterReading(name, Number(Field(fields, isIncrement ? "Increment" : "Mean")), isIncrement, IntervalSeconds: Number(Field(fields, "IntervalSec")));
            return true;
        }

        if (e.ProviderName != ServiceCounterProviders.MetricsProvider || e.PayloadByName("sessionId") as string != sessionId
            || e.PayloadByName("instrumentName") is not string instrument)
        {
            return false;
        }
        switch (e.EventName)
        {
            case "HistogramValuePublished":
                // Durations are published in seconds; reports read milliseconds.
                var scale = e.PayloadByName("unit") as string == "s" ? 1000 : 1;
                reading = new CounterReading(instrument, Number(e.PayloadByName("sum")) * scale, true, (long)Number(e.PayloadByName("count")));
                return true;
            case "UpDownCounterRateValuePublished":
                reading = new CounterReading(instrument, Number(e.PayloadByName("value")), false);
                return true;
            case "GaugeValuePublished":
                reading = new CounterReading(instrument, Number(e.PayloadByName("lastValue")), false);
                return true;
            case "CounterRateValuePublished":
                reading = new CounterReading(instrument, Number(e.PayloadByName("rate")), true);
                return true;
            default:
                return false;
        }
    }

    private static object? Field(IDictionary<string, object> fields, string name) => fields.TryGetValue(name, out var value) ? value : null;

    private static double Number(object? value) => value switch
    {
        string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
        null => 0,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
