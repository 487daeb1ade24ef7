using PdfSharp.Fonts;

namespace Cers.Dispatch.Console.HandoverPacks;

/// <summary>
/// PDFsharp finds no fonts of its own on Linux: the pack is set in DejaVu Sans (Debian's fonts-dejavu-core, which
/// deploy/infra.sh installs), or Liberation Sans where only that is installed. Both cover the accents in people's names.
/// </summary>
public sealed class PackFonts : IFontResolver
{
    public const string Family = "Pack Sans";

    private static readonly string[] Regular = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"];

    private static readonly string[] Bold = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"];

    private static readonly Lock Installing = new();

    /// <summary>Installs the resolver once per process; PDFsharp's font settings are global.</summary>
    public static void Install()
    {
        lock (Installing)
        {
            if (GlobalFontSettings.FontResolver is not PackFonts)
            {
                GlobalFontSettings.FontResolver = new PackFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "bold" : "regular");

    public byte[]? GetFont(string faceName)
    {
        var candidates = faceName == "bold" ? Bold : Regular;
        return candidates.FirstOrDefault(File.Exists) is { } path
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"No font for the handover pack's PDF: install fonts-dejavu-core (looked for {string.Join(", ", candidates)}).");
    }
}
