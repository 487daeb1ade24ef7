using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Cers.Dispatch.Console.HandoverPacks;

/// <summary>The handover pack as a PDF to download: A4, the same sections and lines as the printable page.</summary>
public static class PackPdf
{
    private const double Margin = 50;

    /// <summary>The label column (a time, a name) is as wide as its widest label, within these bounds, so a time is not split.</summary>
    private const double NarrowestLabels = 150;

    private const double WidestLabels = 200;

    public static byte[] Render(HandoverPack pack, Instant generatedAt, string generatedBy)
    {
        PackFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Handover pack, activation {pack.ActivationId}";
        document.Info.Author = "Carers Emergency Response Service";
        var sections = PackSections.Of(pack);
        var writer = new Writer(document, [.. sections.SelectMany(s => s.Lines).Select(l => l.Label).OfType<string>()]);
        writer.Text("Confidential: personal data", writer.Small);
        writer.Text("Handover pack", writer.Title);
        writer.Text("Carers Emergency Response Service", writer.Body);
        writer.Text($"Generated {LondonTime.Show(generatedAt)} by {generatedBy}", writer.Small);
        foreach (var section in sections)
        {
            writer.Gap(10);
            writer.Text(section.Heading, writer.Heading);
            foreach (var line in section.Lines)
            {
                writer.Line(line);
            }
        }

        writer.Gap(10);
        writer.Text($"End of the handover pack for activation {pack.ActivationId}.", writer.Small);
        writer.Done();
        using var bytes = new MemoryStream();
        document.Save(bytes, false);
        return bytes.ToArray();
    }

    /// <summary>Writes lines down the page, wrapping words and starting a new page when one is full.</summary>
    private sealed class Writer(PdfDocument document, IReadOnlyList<string> labels)
    {
        private double? labelWidth;

        public XFont Title { get; } = new(PackFonts.Family, 18, XFontStyleEx.Bold);

        public XFont Heading { get; } = new(PackFonts.Family, 13, XFontStyleEx.Bold);

        public XFont Body { get; } = new(PackFonts.Family, 9.5);

        public XFont Label { get; } = new(PackFonts.Family, 9.5, XFontStyleEx.Bold);

        public XFont Small { get; } = new(PackFonts.Family, 8);

        private XGraphics? page;
        private double y;
        private double width;

        public void Text(string text, XFont font) => Wrapped(text, font, Margin, Width);

        public void Line(PackLine line)
        {
            if (line.Label is null or "")
            {
                Wrapped(line.Text, Body, Margin, Width);
                return;
            }

            var top = y;
            Wrapped(line.Label, Label, Margin, LabelWidth - 8);
            var labelBottom = y;
            y = top;
            Wrapped(line.Text, Body, Margin + LabelWidth, Width - LabelWidth);
            y = Math.Max(y, labelBottom) + 2;
        }

        public void Gap(double points) => y += points;

        private double LabelWidth => labelWidth ??= Math.Clamp(
            labels.Select(label => Page().MeasureString(label, Label).Width + 8).DefaultIfEmpty(0).Max(), NarrowestLabels, WidestLabels);

        public void Done() => page?.Dispose();

        private double Width
        {
            get
            {
                Page();
                return width;
            }
        }

        private void Wrapped(string text, XFont font, double x, double across)
        {
            var height = font.GetHeight();
            foreach (var row in Rows(text, font, across))
            {
                if (y + height > Page().PageSize.Height - Margin)
                {
                    NewPage();
                }

                Page().DrawString(row, font, XBrushes.Black, new XRect(x, y, across, height), XStringFormats.TopLeft);
                y += height;
            }
        }

        private List<string> Rows(string text, XFont font, double across)
        {
            var rows = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var row = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var longer = row.Length == 0 ? word : $"{row} {word}";
                    if (row.Length > 0 && Page().MeasureString(longer, font).Width > across)
                    {
                        rows.Add(row);
                        row = word;
                    }
                    else
                    {
                        row = longer;
                    }
                }

                rows.Add(row);
            }

            return rows;
        }

        private XGraphics Page()
        {
            if (page is null)
            {
                NewPage();
            }

            return page!;
        }

        private void NewPage()
        {
            page?.Dispose();
            var added = document.AddPage();
            added.Size = PdfSharp.PageSize.A4;
            page = XGraphics.FromPdfPage(added);
            width = added.Width.Point - 2 * Margin;
            y = Margin;
        }
    }
}
