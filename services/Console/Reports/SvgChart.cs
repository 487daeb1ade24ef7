using System.Globalization;
using System.Text;

namespace Cers.Dispatch.Console.Reports;

/// <summary>One named row of values, one value per category along the chart's x axis.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no external library, prints as it shows. Each chart is an
/// image with a title and a description for screen readers, every bar carries its figure as a tooltip, and the page
/// puts the same figures in a table beside it.
/// </summary>
public static class SvgChart
{
    // Okabe and Ito's palette: told apart by people with any common colour blindness.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D00", "#000000"];

    private const double Width = 720;
    private const double PlotHeight = 200;
    private const double Left = 56;
    private const double Right = 12;
    private const double Top = 14;
    private const double AxisLabels = 26;
    private const double LegendRow = 20;

    /// <param name="stacked">Stacked bars add up to a total (activations by channel); grouped bars sit side by side (median and 90th percentile).</param>
    /// <param name="wholeNumbers">Counts: the axis steps by whole numbers (no "0.25 activations").</param>
    public static string Bars(
        string id,
        string title,
        string description,
        IReadOnlyList<string> categories,
        IReadOnlyList<ChartSeries> series,
        bool stacked,
        Func<double, string> format,
        bool wholeNumbers = false)
    {
        var legendRows = LegendLayout(series, out var legendPositions);
        var height = Top + PlotHeight + AxisLabels + (legendRows * LegendRow) + 6;
        var plotWidth = Width - Left - Right;
        var slot = categories.Count == 0 ? plotWidth : plotWidth / categories.Count;
        var max = categories.Count == 0 || series.Count == 0 ? 0
            : stacked ? Enumerable.Range(0, categories.Count).Max(i => series.Sum(s => s.Values[i]))
            : series.Max(s => s.Values.DefaultIfEmpty(0).Max());
        var top = 4 * AxisStep(max / 4, wholeNumbers);
        double Y(double value) => Top + PlotHeight - (value / top * PlotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="chart" id="{Html.E(id)}" role="img" aria-labelledby="{Html.E(id)}-title {Html.E(id)}-desc" viewBox="0 0 {N(Width)} {N(height)}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" font-size="11">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{Html.E(id)}-title">{Html.E(title)}</title><desc id="{Html.E(id)}-desc">{Html.E(description)}</desc>""");

        for (var tick = 0; tick <= 4; tick++)
        {
            var value = top * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(Left)}" x2="{N(Width - Right)}" y1="{N(Y(value))}" y2="{N(Y(value))}" stroke="#d8d8d8" />""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Left - 6)}" y="{N(Y(value) + 4)}" text-anchor="end" fill="#5c5c5c">{Html.E(format(value))}</text>""");
        }

        var labelEvery = Math.Max(1, (int)Math.Ceiling(categories.Count / 12.0));
        for (var i = 0; i < categories.Count; i++)
        {
            var x = Left + (i * slot);
            if (stacked)
            {
                var barWidth = slot * 0.6;
                var sum = 0.0;
                for (var s = 0; s < series.Count; s++)
                {
                    var value = series[s].Values[i];
                    if (value > 0)
                    {
                        svg.Append(Bar(x + ((slot - barWidth) / 2), Y(sum + value), barWidth, Y(sum) - Y(sum + value), Palette[s % Palette.Length], $"{categories[i]}, {series[s].Name}: {format(value)}"));
                    }

                    sum += value;
                }

                if (sum > 0 && categories.Count <= 24)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(x + (slot / 2))}" y="{N(Y(sum) - 3)}" text-anchor="middle">{Html.E(format(sum))}</text>""");
                }
            }
            else
            {
                var barWidth = slot * 0.8 / Math.Max(1, series.Count);
                for (var s = 0; s < series.Count; s++)
                {
                    var value = series[s].Values[i];
                    svg.Append(Bar(x + (slot * 0.1) + (s * barWidth), Y(value), barWidth, Y(0) - Y(value), Palette[s % Palette.Length], $"{categories[i]}, {series[s].Name}: {format(value)}"));
                }
            }

            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(x + (slot / 2))}" y="{N(Top + PlotHeight + 16)}" text-anchor="middle">{Html.E(categories[i])}</text>""");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(Left)}" x2="{N(Width - Right)}" y1="{N(Y(0))}" y2="{N(Y(0))}" stroke="#1b1b1b" />""");
        for (var s = 0; s < series.Count; s++)
        {
            var (lx, row) = legendPositions[s];
            var ly = Top + PlotHeight + AxisLabels + (row * LegendRow);
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(lx)}" y="{N(ly)}" width="12" height="12" fill="{Palette[s % Palette.Length]}" />""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(lx + 16)}" y="{N(ly + 10)}">{Html.E(series[s].Name)}</text>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The gap between the axis's four gridlines: the smallest 1, 2, 2.5 or 5 times a power of ten at or above
    /// <paramref name="least"/>, so the axis reads in round steps; for counts, a whole number.
    /// </summary>
    public static double AxisStep(double least, bool wholeNumbers = false)
    {
        if (least <= 0)
        {
            return wholeNumbers ? 1 : 0.25;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(least)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            var candidate = step * magnitude;
            if (candidate >= least - (magnitude * 1e-9) && (!wholeNumbers || candidate == Math.Floor(candidate)))
            {
                return wholeNumbers ? Math.Max(1, candidate) : candidate;
            }
        }

        return 10 * magnitude;
    }

    private static string Bar(double x, double y, double width, double height, string colour, string tooltip) =>
        string.Create(CultureInfo.InvariantCulture, $"""<rect x="{N(x)}" y="{N(y)}" width="{N(width)}" height="{N(Math.Max(0, height))}" fill="{colour}"><title>{Html.E(tooltip)}</title></rect>""");

    private static int LegendLayout(IReadOnlyList<ChartSeries> series, out List<(double X, int Row)> positions)
    {
        positions = [];
        var x = Left;
        var row = 0;
        foreach (var s in series)
        {
            var width = 16 + (s.Name.Length * 6.5) + 18;
            if (x + width > Width - Right && x > Left)
            {
                row++;
                x = Left;
            }

            positions.Add((x, row));
            x += width;
        }

        return series.Count == 0 ? 0 : row + 1;
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
