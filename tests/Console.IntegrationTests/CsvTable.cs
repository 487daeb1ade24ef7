using System.Text;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>A downloaded CSV read the way a spreadsheet reads it: a header row naming the columns, quoted fields.</summary>
public sealed class CsvTable(IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
{
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; } = rows;

    public IReadOnlyDictionary<string, string> Row(string month) => Rows.Single(r => r["month"] == month);

    public static CsvTable Parse(string text)
    {
        var lines = Records(text.TrimStart('\uFEFF')).ToList();
        var header = lines[0];
        return new CsvTable(lines.Skip(1)
            .Select(fields => (IReadOnlyDictionary<string, string>)header.Zip(fields).ToDictionary(p => p.First, p => p.Second))
            .ToList());
    }

    private static IEnumerable<List<string>> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return fields;
                fields = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
