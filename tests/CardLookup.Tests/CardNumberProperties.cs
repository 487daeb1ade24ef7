using Cers.Dispatch.CardLookup.Cards.Numbers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cers.Dispatch.CardLookup.Tests;

/// <summary>
/// What a call handler relies on whatever the caller keys or says: a real card is recognised however it was read out,
/// a card misheard by one digit or two swapped digits is never taken for another card, and nothing typed ever breaks
/// the lookup.
/// </summary>
public sealed class CardNumberProperties
{
    /// <summary>Numbers as the service issues them: twelve digits, Damm check digit last.</summary>
    private static readonly Gen<string> IssuedNumbers =
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var digits = new Random(seed);
            return CardNumber.Generate(digits.Next);
        });

    /// <summary>Any length the parser accepts (10 to 20 digits), leading zeros included, with its check digit.</summary>
    private static readonly Gen<string> AcceptedLengthNumbers =
        from length in Gen.Choose(9, 19)
        from body in Gen.Choose(0, 9).ArrayOf(length)
        let digits = string.Concat(body)
        select digits + Damm.CheckDigitFor(digits);

    /// <summary>What may sit between two digits when a number is keyed or read out: nothing, spaces, dashes.</summary>
    private static readonly Gen<string> Separator =
        Gen.Frequency((4, Gen.Constant("")), (2, Gen.Constant(" ")), (1, Gen.Constant("-")), (1, Gen.Constant(" - ")), (1, Gen.Constant("  ")));

    private static Gen<string> ReadOut(string digits) =>
        from gaps in Separator.ArrayOf(digits.Length + 1)
        select string.Concat(digits.Select((d, i) => gaps[i] + d)) + gaps[^1];

    [Property(MaxTest = 500)]
    public Property A_card_read_out_with_any_spaces_and_dashes_is_recognised_as_the_same_card() =>
        Prop.ForAll(
            (from number in Gen.OneOf(IssuedNumbers, AcceptedLengthNumbers)
             from spoken in ReadOut(number)
             select (number, spoken)).ToArbitrary(),
            x =>
            {
                var (digits, problem) = CardNumber.Parse(x.spoken);
                // Longer than 40 characters is refused before it is read (a caller never needs that many separators).
                return x.spoken.Length > 40
                    ? problem == CardNumberProblem.NotACardNumber
                    : problem == CardNumberProblem.None && digits == x.number;
            });

    [Property(MaxTest = 300)]
    public Property A_card_printed_in_groups_of_four_reads_back_as_itself() =>
        Prop.ForAll(
            Gen.OneOf(IssuedNumbers, AcceptedLengthNumbers).ToArbitrary(),
            number => CardNumber.Parse(CardNumber.Grouped(number)).Digits == number
                      && CardNumber.Parse(CardNumber.Grouped(number, '-')).Digits == number);

    [Property(MaxTest = 1000)]
    public Property A_card_misheard_in_any_one_digit_is_refused_as_a_wrong_check_digit_not_taken_for_another_card() =>
        Prop.ForAll(
            (from number in Gen.OneOf(IssuedNumbers, AcceptedLengthNumbers)
             from position in Gen.Choose(0, number.Length - 1)
             from shift in Gen.Choose(1, 9)
             select (number, misheard: WithDigit(number, position, (char)('0' + ((number[position] - '0' + shift) % 10))))).ToArbitrary(),
            x => CardNumber.Parse(x.misheard).Problem == CardNumberProblem.CheckDigitWrong);

    [Property(MaxTest = 1000)]
    public Property A_card_with_two_neighbouring_digits_swapped_is_refused_as_a_wrong_check_digit() =>
        Prop.ForAll(
            (from number in Gen.OneOf(IssuedNumbers, AcceptedLengthNumbers)
             from position in Gen.Choose(0, number.Length - 2)
             where number[position] != number[position + 1]
             select (number, swapped: Swapped(number, position))).ToArbitrary(),
            x => CardNumber.Parse(x.swapped).Problem == CardNumberProblem.CheckDigitWrong);

    /// <summary>Random text, and text built from the characters a misheard or mistyped number is made of.</summary>
    private static readonly Gen<string> AnyText = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Elements("0123456789 -\t\n.,#*+٣０a€\u00a0\u200b".ToCharArray()).ArrayOf().Select(c => new string(c)),
        Gen.Choose(0, 9).Select(d => (char)('0' + d)).ArrayOf().Select(c => new string(c)));

    [Property(MaxTest = 2000)]
    public Property Any_text_at_all_gets_an_answer_and_only_a_well_formed_number_is_accepted() =>
        Prop.ForAll(
            Gen.OneOf(AnyText, Gen.Constant<string>(null!)).ToArbitrary(),
            text =>
            {
                var (digits, problem) = CardNumber.Parse(text);
                return problem switch
                {
                    CardNumberProblem.None => digits is { Length: >= 10 and <= 20 }
                        && digits.All(char.IsAsciiDigit)
                        && Damm.IsValid(digits)
                        && digits == new string(text!.Where(c => c is not (' ' or '-')).ToArray()),
                    _ => digits is null,
                };
            });

    [Property(MaxTest = 500)]
    public Property Reading_back_an_accepted_number_gives_the_same_number() =>
        Prop.ForAll(
            Gen.OneOf(AnyText, IssuedNumbers.SelectMany(ReadOut)).ToArbitrary(),
            text => CardNumber.Parse(text) is not { Problem: CardNumberProblem.None, Digits: { } digits }
                    || CardNumber.Parse(digits) == (digits, CardNumberProblem.None));

    private static string WithDigit(string number, int position, char digit) =>
        string.Concat(number.AsSpan(0, position), digit.ToString(), number.AsSpan(position + 1));

    private static string Swapped(string number, int position)
    {
        var chars = number.ToCharArray();
        (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
        return new string(chars);
    }
}
