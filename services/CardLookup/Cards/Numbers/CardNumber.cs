using System.Security.Cryptography;

namespace Cers.Dispatch.CardLookup.Cards.Numbers;

public enum CardNumberProblem
{
    None,
    NotACardNumber,
    CheckDigitWrong,
}

/// <summary>
/// Card numbers: 11 random digits and a Damm check digit, printed and read aloud in three groups of four.
/// Random rather than sequential so that a number cannot be guessed from another card.
/// </summary>
public static class CardNumber
{
    public const int Length = 12;
    private const int MinimumAccepted = 10;
    private const int MaximumAccepted = 20;

    /// <summary>A fresh number; <paramref name="nextDigit"/> returns 0..9 (cryptographic randomness unless a test or the seeder fixes it).</summary>
    public static string Generate(Func<int, int>? nextDigit = null)
    {
        nextDigit ??= RandomNumberGenerator.GetInt32;
        Span<char> digits = stackalloc char[Length];
        // A leading zero is dropped by spreadsheets and lost when read aloud.
        digits[0] = (char)('1' + nextDigit(9));
        for (var i = 1; i < Length - 1; i++)
        {
            digits[i] = (char)('0' + nextDigit(10));
        }

        digits[Length - 1] = Damm.CheckDigitFor(digits[..^1]);
        return new string(digits);
    }

    /// <summary>Digits only, as read out with spaces or dashes; says whether it is no card number at all or has a wrong check digit.</summary>
    public static (string? Digits, CardNumberProblem Problem) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return (null, CardNumberProblem.NotACardNumber);
        }

        var digits = new string(text.Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length is < MinimumAccepted or > MaximumAccepted || !digits.All(char.IsAsciiDigit))
        {
            return (null, CardNumberProblem.NotACardNumber);
        }

        return Damm.IsValid(digits) ? (digits, CardNumberProblem.None) : (null, CardNumberProblem.CheckDigitWrong);
    }

    /// <summary>"4921 7730 5518": groups of four for reading aloud.</summary>
    public static string Grouped(string digits, char separator = ' ') =>
        string.Join(separator, digits.Chunk(4).Select(chunk => new string(chunk)));
}
