using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Metrics;

/// <summary>Measured values as text: the usual three decimals, unless they would hide the value or flip its verdict.</summary>
public class MeasuredNumberTests
{
    [Theory]
    [InlineData(102.719, "102.7")]
    [InlineData(12.3456, "12.346")]
    [InlineData(0, "0")]
    [InlineData(0.000291, "0.000291")]
    [InlineData(0.9999997, "0.9999997")]
    [InlineData(1, "1")]
    public void Small_and_nearly_whole_values_keep_the_digits_that_tell_them_apart(double value, string expected)
    {
        Assert.Equal(expected, MeasuredNumber.Format(value));
    }

    [Theory]
    [InlineData(90.0004, 90)]
    [InlineData(199.96, 199.9)]
    [InlineData(5.00000001, 5)]
    public void A_value_that_failed_a_bound_is_never_shown_as_one_that_passes_it(double value, double bound)
    {
        bool AtMost(double v) => v <= bound;

        var text = MeasuredNumber.Format(value, AtMost);

        Assert.False(AtMost(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), text);
    }

    [Fact]
    public void A_share_is_a_percentage_with_the_same_guarantee()
    {
        Assert.Equal("0.0496 %", MeasuredNumber.Percent(1.0 / 2018));
        Assert.Equal("100 %", MeasuredNumber.Percent(1));
        Assert.Equal("99.99997 %", MeasuredNumber.Percent(1 - 3e-7));
    }
}
