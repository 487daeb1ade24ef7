namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>Turns what speech recognition heard ("four nine two one, seven seven three oh ...") into digits.</summary>
public static class SpokenDigits
{
    private static readonly Dictionary<string, char> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = '0', ["oh"] = '0', ["o"] = '0', ["nought"] = '0',
        ["one"] = '1', ["two"] = '2', ["to"] = '2', ["too"] = '2', ["three"] = '3', ["four"] = '4', ["for"] = '4',
        ["five"] = '5', ["six"] = '6', ["seven"] = '7', ["eight"] = '8', ["nine"] = '9',
    };

    public static string From(string? heard)
    {
        if (string.IsNullOrWhiteSpace(heard))
        {
            return "";
        }

        var digits = new System.Text.StringBuilder();
        foreach (var token in heard.Split([' ', ',', '.', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.All(char.IsAsciiDigit))
            {
                digits.Append(token);
            }
            else if (Words.TryGetValue(token, out var digit))
            {
                digits.Append(digit);
            }
            else if (token.Equals("double", StringComparison.OrdinalIgnoreCase) || token.Equals("triple", StringComparison.OrdinalIgnoreCase))
            {
                digits.Append(token.Length == 6 ? '\u0002' : '\u0003');
            }
        }

        return ExpandRepeats(digits.ToString());
    }

    // "double seven" reads as 77: a marker character says how many times the next digit repeats.
    private static string ExpandRepeats(string marked)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked[i] is '\u0002' or '\u0003' && i + 1 < marked.Length && char.IsAsciiDigit(marked[i + 1]))
            {
                result.Append(marked[i + 1], marked[i] == '\u0002' ? 2 : 3);
                i++;
            }
            else if (char.IsAsciiDigit(marked[i]))
            {
                result.Append(marked[i]);
            }
        }

        return result.ToString();
    }
}
