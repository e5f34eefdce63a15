using System.Globalization;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>Words the reports use about the load, in one place so each reads the same: "1 VU", "4 VUs".</summary>
public static class LoadText
{
    public static string Vus(int count) =>
        count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " VU" : " VUs");
}
