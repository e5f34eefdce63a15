using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// Parses durations the way k6 (Go's <c>time.ParseDuration</c>) writes them: one or more
/// <c>number unit</c> parts such as <c>30s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5s</c>, <c>2h</c>, <c>100us</c>.
/// Units: h, m, s, ms, us (or µs), ns. A lone <c>0</c> needs no unit. Used by the config loader and the command line.
/// </summary>
public static class DurationParser
{
    /// <summary>
    /// The longest duration accepted anywhere (a week). Timers of .NET end at about 49.7 days and a run's schedule
    /// adds durations together; a week keeps every sum far below that and is longer than any gate should run.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(168);

    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        // Longest first, so "ms" is not read as "m" followed by garbage.
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TimeSpan.TicksPerMicrosecond),
        ("µs", TimeSpan.TicksPerMicrosecond),
        ("μs", TimeSpan.TicksPerMicrosecond),
        ("ns", TimeSpan.TicksPerMicrosecond / 1000m),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out _);

    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty duration (write it like 30s, 1m30s or 500ms)";
            return false;
        }
        if (text == "0")
        {
            error = null;
            return true;
        }

        decimal ticks = 0;
        var position = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (!decimal.TryParse(text.AsSpan(numberStart, position - numberStart), NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a duration: expected a number at character {numberStart + 1} (write it like 30s, 1m30s or 500ms)";
                return false;
            }
            var unit = Array.FindIndex(Units, u => text.AsSpan(position).StartsWith(u.Unit, StringComparison.Ordinal));
            if (unit < 0)
            {
                error = position == text.Length
                    ? $"'{text}' is not a duration: the number needs a unit (h, m, s, ms, us or ns), e.g. {text}s"
                    : $"'{text}' is not a duration: unknown unit at character {position + 1} (use h, m, s, ms, us or ns)";
                return false;
            }
            position += Units[unit].Unit.Length;
            try
            {
                ticks += number * Units[unit].Ticks;
            }
            catch (OverflowException)
            {
                error = TooLong(text);
                return false;
            }
        }

        if (ticks > MaxDuration.Ticks)
        {
            error = TooLong(text);
            return false;
        }
        duration = TimeSpan.FromTicks((long)decimal.Round(ticks, MidpointRounding.AwayFromZero));
        error = null;
        return true;
    }

    public static string TooLong(string text) => $"'{text}' is too long a duration: at most {MaxDuration.TotalHours:0}h";
}
