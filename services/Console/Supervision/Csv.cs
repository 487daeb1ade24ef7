using System.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>CSV that opens safely in a spreadsheet: every field quoted, and nothing a spreadsheet would run as a formula.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    public static StringBuilder AppendRow(this StringBuilder csv, IEnumerable<string?> fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    /// <summary>UTF-8 with a byte-order mark, so Excel reads "£" and names with accents as they are.</summary>
    public static byte[] Bytes(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
}
